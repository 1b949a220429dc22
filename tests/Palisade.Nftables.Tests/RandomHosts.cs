using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Nftables.Tests;

/// <summary>
/// Random host snapshots for check-mode and determinism tests, in the spirit of Core's
/// RandomPolicies: groups with every kind of rule (any protocol, port ranges, ICMP type/code,
/// odd protocol numbers, prefixes including /0, ranges, remote groups), stateless groups, ports
/// with allowed address pairs and MACs, port security off, platform policies, and ids that need
/// encoding. Built through <see cref="EffectivePolicyBuilder"/> so the policies are consistent.
/// </summary>
internal sealed class RandomHosts(int seed)
{
    private readonly Random random = new(seed);

    public ImmutableArray<EffectivePolicy> Next()
    {
        var groupIds = Enumerable.Range(0, random.Next(1, 6)).Select(i => Chance(0.2) ? $"grp.{i}_x" : $"g{i}").ToList();
        var groups = groupIds.Select(id => new SecurityGroup(id, "p1", id,
            [.. Enumerable.Range(0, random.Next(0, 25)).Select(i => NextRule($"{id}-r{i}", id, groupIds))],
            Status: Chance(0.1) ? GroupStatus.Disabled : GroupStatus.Enabled, Stateful: !Chance(0.25))).ToList();

        var subnets = new[] { new Subnet("s4", "n1", IPNetwork.Parse("198.18.0.0/22"), !Chance(0.3)), new Subnet("s6", "n1", IPNetwork.Parse("2001:db8::/64"), !Chance(0.3)) };
        var ports = Enumerable.Range(0, random.Next(1, 8)).Select(i => NextPort(i, Chance(0.7) ? Hosts.Host : "h2")).ToList();
        var bindings = ports.SelectMany(p => groupIds.Where(_ => Chance(0.4)).Select(g => Hosts.Bind(g, p.Id))).ToList();
        var platform = Enumerable.Range(0, Chance(0.4) ? random.Next(1, 4) : 0).Select(i => NextPlatformPolicy($"pp{i}")).ToList();

        // Address groups share the groups' ids (odd characters included); their CIDRs overlap freely.
        var addressGroups = groupIds.Where(_ => Chance(0.7)).Select(id => new AddressGroup(id, "p1",
            [.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => Chance(0.5) ? Network(V4(), random.Next(0, 33)) : Network(V6(), random.Next(0, 129)))])).ToList();
        return Hosts.Build(groups, ports, bindings, platform, subnets, addressGroups);
    }

    private Port NextPort(int i, string host)
    {
        var ips = ImmutableArray.Create(new FixedIp("s4", V4()));
        if (Chance(0.6))
        {
            ips = ips.Add(new FixedIp("s6", V6()));
        }

        var pairs = Chance(0.3) ? ImmutableArray.Create(new AllowedAddressPair(Network(V4(), random.Next(24, 33)), Chance(0.5) ? Mac() : null)) : [];
        var id = Chance(0.2) ? Guid.NewGuid().ToString() : $"port-{i}";
        return new Port(id, "p1", "n1", ips, Chance(0.8) ? Mac() : null, Host: host, PortSecurityEnabled: !Chance(0.1),
            AllowedAddressPairs: pairs, InterfaceName: $"tap{i}");
    }

    private SecurityGroupRule NextRule(string id, string group, List<string> groups)
    {
        var v6 = Chance(0.5);
        var direction = Chance(0.5) ? Direction.Ingress : Direction.Egress;
        var protocol = random.Next(0, 11) switch
        {
            0 => Protocol.Any,
            1 or 2 => Protocol.Of(Protocol.Tcp),
            3 => Protocol.Of(Protocol.Udp),
            4 => Protocol.Of(v6 ? Protocol.IcmpV6 : Protocol.Icmp),
            5 => Protocol.Of(Protocol.Sctp),
            6 => Protocol.Of(Protocol.Dccp),
            7 => Protocol.Of(Protocol.UdpLite),
            _ => Protocol.Of((byte)random.Next(0, 256)),
        };

        int? min = null, max = null;
        if (protocol.HasPorts && Chance(0.8))
        {
            min = random.Next(1, 65536);
            max = Chance(0.5) ? min : Math.Min(65535, min.Value + random.Next(0, 5000));
        }
        else if (protocol.IsIcmp && Chance(0.7))
        {
            min = random.Next(0, 256);
            max = Chance(0.5) ? random.Next(0, 256) : null;
        }

        Remote? remote = random.Next(0, 6) switch
        {
            0 => null,
            1 => Remote.Prefix.Of(v6 ? Network(V6(), random.Next(0, 129)) : Network(V4(), random.Next(0, 33))),
            2 => Range(v6),
            3 => new Remote.AddressGroup(groups[random.Next(groups.Count)]),
            _ => new Remote.Group(groups[random.Next(groups.Count)]),
        };
        return new SecurityGroupRule(id, group, direction, v6 ? EtherType.IPv6 : EtherType.IPv4, protocol, min, max, remote, Log: Chance(0.1));
    }

    private PlatformPolicy NextPlatformPolicy(string id)
    {
        var cidrs = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Chance(0.5) ? Network(V4(), random.Next(8, 33)) : Network(V6(), random.Next(32, 129))).ToImmutableArray();
        var protocol = random.Next(0, 3) switch { 0 => Protocol.Any, 1 => Protocol.Of(Protocol.Tcp), _ => Protocol.Of(Protocol.Icmp) };
        int? min = protocol.IsAny || Chance(0.5) ? null : random.Next(1, 256);
        return new PlatformPolicy(id, id, cidrs, Chance(0.5) ? null : Direction.Egress, protocol, min, min);
    }

    private Remote.Range Range(bool v6)
    {
        var (a, b) = v6 ? (V6(), V6()) : (V4(), V4());
        return new Remote.Range(a, b) is var r && Compare(a, b) > 0 ? new Remote.Range(b, a) : r;
    }

    private IPAddress V4() => FromNumber(Chance(0.9) ? 0xC6120000u + (uint)random.Next(0, 1024) : (uint)random.NextInt64(0, 1L << 32), false);

    private IPAddress V6() => FromNumber(Chance(0.9)
        ? new UInt128(0x20010db800000000, 0) + (UInt128)(ulong)random.Next(0, 1024)
        : new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()), true);

    private string Mac() => string.Join(':', Enumerable.Range(0, 6).Select(i => (i == 0 ? 0xfa : random.Next(0, 256)).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    private static IPNetwork Network(IPAddress address, int length) => new(Core.Validation.AddressParser.Mask(address, length), length);

    private static int Compare(IPAddress a, IPAddress b) => Core.Validation.AddressParser.Compare(a, b);

    private static IPAddress FromNumber(UInt128 number, bool v6)
    {
        var bytes = new byte[v6 ? 16 : 4];
        if (v6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, number);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)number);
        }

        return new IPAddress(bytes);
    }

    private bool Chance(double p) => random.NextDouble() < p;
}
