using System.Buffers.Binary;
using System.Net;
using Palisade.Core.Classification;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Workloads;

/// <summary>
/// A packet trace for a rule set, as ClassBench pairs one with each filter set: half the flows are
/// aimed inside a random rule (so they match it, or an earlier one), half are random (mostly the
/// implicit deny, which is the expensive case: every candidate must be ruled out).
/// </summary>
public sealed class FlowTraceGenerator(int seed = 7)
{
    private readonly Random random = new(seed);

    public Flow[] Generate(EffectivePolicy policy, int count)
    {
        var flows = new Flow[count];
        for (var i = 0; i < count; i++)
        {
            flows[i] = random.NextDouble() < 0.5 && policy.Rules.Length > 0
                ? Inside(policy, policy.Rules[random.Next(policy.Rules.Length)].Rule)
                : RandomFlow();
        }

        return flows;
    }

    private Flow Inside(EffectivePolicy policy, SecurityGroupRule rule)
    {
        var v6 = rule.EtherType == EtherType.IPv6;
        var protocol = rule.Protocol.Number ?? Protocol.Tcp;
        var port = rule.Protocol.HasPorts && rule.PortRangeMin is { } low ? random.Next(low, (rule.PortRangeMax ?? low) + 1) : 443;
        var (type, code) = rule.Protocol.IsIcmp && rule.PortRangeMin is { } t ? ((byte)t, (byte)(rule.PortRangeMax ?? random.Next(0, 16))) : ((byte)8, (byte)0);
        var peer = rule.Remote switch
        {
            Remote.Prefix prefix => Inside(prefix.Network),
            Remote.Range range => v6 ? range.First : RuleSetGenerator.V4(ToV4(range.First) + (uint)random.Next(0, (int)Math.Min(int.MaxValue, ToV4(range.Last) - ToV4(range.First) + 1))),
            Remote.Group group => policy.RemoteGroups[group.GroupId].Where(m => IsV6(m.BaseAddress) == v6).Select(m => m.BaseAddress).DefaultIfEmpty(RandomAddress(v6)).ElementAt(0),
            _ => RandomAddress(v6),
        };
        return new Flow(rule.Direction, rule.EtherType, protocol, peer, port, random.Next(1024, 65536), type, code);
    }

    private Flow RandomFlow()
    {
        var v6 = random.NextDouble() < 0.2;
        var protocol = random.Next(0, 10) switch { < 6 => Protocol.Tcp, < 9 => Protocol.Udp, _ => v6 ? Protocol.IcmpV6 : Protocol.Icmp };
        return new Flow(random.NextDouble() < 0.7 ? Direction.Ingress : Direction.Egress, v6 ? EtherType.IPv6 : EtherType.IPv4, protocol, RandomAddress(v6), random.Next(1, 65536), random.Next(1024, 65536), 8, 0);
    }

    private IPAddress Inside(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        var hostBits = bytes.Length * 8 - network.PrefixLength;
        for (var bit = 0; bit < hostBits; bit++)
        {
            if (random.Next(2) == 1)
            {
                bytes[bytes.Length - 1 - bit / 8] |= (byte)(1 << (bit % 8));
            }
        }

        return new IPAddress(bytes);
    }

    private IPAddress RandomAddress(bool v6) => v6
        ? RuleSetGenerator.V6(new UInt128(0x20010db800000000 | (ulong)random.Next(0, 1 << 16) << 16, (ulong)random.NextInt64()))
        : RuleSetGenerator.V4((uint)random.NextInt64(0, 1L << 32));

    private static uint ToV4(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static bool IsV6(IPAddress address) => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
}
