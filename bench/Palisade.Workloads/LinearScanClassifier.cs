using System.Buffers.Binary;
using System.Net;
using Palisade.Core.Classification;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Workloads;

/// <summary>
/// The baseline the classifier is measured against: what iptables does, one rule after another
/// until one matches. Rules are pre-decoded into a flat array of numeric fields so the scan is as
/// fast as a scan can be; remote groups are checked through a hash set of host members, the way
/// an ipset is. Covers steps 7–8 only: the benchmark's policies have no platform policies or
/// same-subnet ranges, and steps 1–4 cost the same in both.
/// </summary>
public sealed class LinearScanClassifier
{
    private readonly ScanRule[] rules;
    private readonly HashSet<UInt128>[] groups;

    public LinearScanClassifier(EffectivePolicy policy)
    {
        var groupIndex = policy.RemoteGroups.Keys.Order(StringComparer.Ordinal).Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        groups = [.. policy.RemoteGroups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value.Select(m => Key(m.BaseAddress)).ToHashSet())];
        rules = [.. policy.Rules.Select(r => Decode(r.Rule, groupIndex))];
    }

    public Verdict Classify(Flow flow)
    {
        var peer = Key(flow.PeerAddress);
        var port = flow.Protocol is Protocol.Icmp or Protocol.IcmpV6 ? (flow.IcmpType << 8) | flow.IcmpCode : flow.DestinationPort;
        foreach (ref readonly var rule in rules.AsSpan())
        {
            if (rule.Direction == flow.Direction && rule.EtherType == flow.EtherType
                && (rule.Protocol < 0 || rule.Protocol == flow.Protocol)
                && port >= rule.PortLow && port <= rule.PortHigh
                && (rule.Group >= 0 ? groups[rule.Group].Contains(peer) : peer >= rule.AddressLow && peer <= rule.AddressHigh))
            {
                return Verdict.Allow;
            }
        }

        return Verdict.Drop;
    }

    private static ScanRule Decode(SecurityGroupRule rule, Dictionary<string, int> groupIndex)
    {
        var (portLow, portHigh) = (0, int.MaxValue);
        if (rule.PortRangeMin is { } min && rule.Protocol.HasPorts)
        {
            (portLow, portHigh) = (min, rule.PortRangeMax ?? min);
        }
        else if (rule.PortRangeMin is { } type && rule.Protocol.IsIcmp)
        {
            (portLow, portHigh) = rule.PortRangeMax is { } code ? ((type << 8) | code, (type << 8) | code) : (type << 8, (type << 8) | 0xff);
        }

        var (low, high, group) = rule.Remote switch
        {
            Remote.Prefix p => (Key(p.Network.BaseAddress), Key(p.Network.BaseAddress) | HostMask(p.Network), -1),
            Remote.Range r => (Key(r.First), Key(r.Last), -1),
            Remote.Group g => (UInt128.Zero, UInt128.Zero, groupIndex[g.GroupId]),
            _ => (UInt128.Zero, UInt128.MaxValue, -1),
        };
        return new ScanRule(rule.Direction, rule.EtherType, rule.Protocol.Number is { } n ? n : -1, portLow, portHigh, low, high, group);
    }

    private static UInt128 HostMask(IPNetwork network)
    {
        var hostBits = network.BaseAddress.GetAddressBytes().Length * 8 - network.PrefixLength;
        return hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
    }

    private static UInt128 Key(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        return length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private readonly record struct ScanRule(Direction Direction, EtherType EtherType, int Protocol, int PortLow, int PortHigh, UInt128 AddressLow, UInt128 AddressHigh, int Group);
}
