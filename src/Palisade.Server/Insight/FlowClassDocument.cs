using Palisade.Core.Analysis;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Server.Apis;
using Palisade.Server.Documents;

namespace Palisade.Server.Insight;

/// <summary>
/// A class of flows as the API shows it: ethertype, protocol (null for every protocol except
/// <see cref="ExceptProtocols"/>), the destination ports (port protocols) or the first and last
/// ICMP (type, code) in type-major order, the peers as CIDRs, the remote groups and address groups
/// behind them, and the rules concerned.
/// </summary>
public sealed record FlowClassDocument(
    string Direction,
    string Ethertype,
    string? Protocol,
    IReadOnlyList<string> ExceptProtocols,
    int? PortRangeMin,
    int? PortRangeMax,
    IcmpPoint? IcmpFirst,
    IcmpPoint? IcmpLast,
    IReadOnlyList<string> Peers,
    IReadOnlyList<NamedGroup> RemoteGroups,
    IReadOnlyList<string> RemoteAddressGroupIds,
    IReadOnlyList<RuleDocument> Rules)
{
    internal static FlowClassDocument Of(FlowClass flows, PolicyIndex index)
    {
        var number = flows.Protocol.Number;
        var hasPorts = flows.Protocol.HasPorts;
        var icmp = flows.Protocol.IsIcmp;
        return new(
            flows.Direction == Core.Model.Direction.Ingress ? "ingress" : "egress",
            flows.EtherType.ToString(),
            number is null ? null : flows.Protocol.ToString(),
            [.. flows.ExceptProtocols.Select(p => p.ToString())],
            hasPorts ? flows.AxisFirst : null,
            hasPorts ? flows.AxisLast : null,
            icmp ? new IcmpPoint(flows.IcmpFirst.Type, flows.IcmpFirst.Code) : null,
            icmp ? new IcmpPoint(flows.IcmpLast.Type, flows.IcmpLast.Code) : null,
            [.. flows.Peers.Select(p => p.ToString())],
            [.. flows.RemoteGroupIds.Select(id => new NamedGroup(id, index.Snapshot.Groups.FirstOrDefault(g => g.Id == id)?.Name))],
            flows.AddressGroupIds,
            [.. flows.Rules.Select(r => RuleMapping.ToDocument(r, 0))]);
    }
}

public sealed record IcmpPoint(int Type, int Code);

public sealed record NamedGroup(string Id, string? Name);
