using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Classification;
using Palisade.Core.Model;

namespace Palisade.Core.Analysis;

/// <summary>
/// A set of flows described compactly: one direction and ethertype, one protocol (or, when
/// <see cref="Protocol"/> is any, every protocol except <see cref="ExceptProtocols"/>), one interval
/// of the port axis (<see cref="RuleRegion"/>: destination port, or ICMP type × 256 + code; the
/// whole axis for other protocols), and the peers as CIDR blocks, with the remote groups and
/// address groups that contributed them and the rules concerned.
/// </summary>
public sealed record FlowClass(
    Direction Direction,
    EtherType EtherType,
    Protocol Protocol,
    ImmutableArray<Protocol> ExceptProtocols,
    int AxisFirst,
    int AxisLast,
    ImmutableArray<IPNetwork> Peers,
    ImmutableArray<string> RemoteGroupIds,
    ImmutableArray<string> AddressGroupIds,
    ImmutableArray<SecurityGroupRule> Rules)
{
    internal AddressSet PeerSet { get; init; } = AddressSet.Empty(EtherType);

    /// <summary>For ICMP: the first and last (type, code) of the axis interval.</summary>
    public (int Type, int Code) IcmpFirst => (AxisFirst / 256, AxisFirst % 256);

    public (int Type, int Code) IcmpLast => (AxisLast / 256, AxisLast % 256);

    /// <summary>Whether the flow (its first packet) is one of this class.</summary>
    public bool Contains(Flow flow)
    {
        if (flow.Direction != Direction || flow.EtherType != EtherType)
        {
            return false;
        }

        var protocolMatches = Protocol.IsAny
            ? !ExceptProtocols.Any(p => p.Number == flow.Protocol)
            : Protocol.Number == flow.Protocol;
        var axis = flow.Protocol is Model.Protocol.Icmp or Model.Protocol.IcmpV6 ? (flow.IcmpType * 256) + flow.IcmpCode : flow.DestinationPort;
        return protocolMatches && axis >= AxisFirst && axis <= AxisLast && PeerSet.Contains(AddressKey.Of(flow.PeerAddress));
    }
}
