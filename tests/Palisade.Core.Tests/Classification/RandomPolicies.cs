using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Classification;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Tests.Classification;

/// <summary>
/// Random effective policies and flows for the property tests. Addresses come from a small pool so
/// that rules overlap, and flows are aimed at rule edges (prefix and range ends, ±1, port range
/// ends) where an off-by-one in the classifier would show.
/// </summary>
internal sealed class RandomPolicies(int seed)
{
    private readonly Random random = new(seed);
    private readonly List<IPAddress> edgesV4 = [];
    private readonly List<IPAddress> edgesV6 = [];
    private readonly List<int> portEdges = [0, 1, 22, 80, 443, 65535];
    private readonly List<(int Type, int Code)> icmpEdges = [(8, 0), (0, 0), (3, 3)];
    private readonly List<byte> protocols = [6, 17, 1, 58, 132, 47];

    public EffectivePolicy NextPolicy()
    {
        edgesV4.Clear();
        edgesV6.Clear();
        var ownV4 = NextV4();
        var ownV6 = NextV6();
        var pairs = Chance(0.3) ? ImmutableArray.Create(new AllowedAddressPair(Network(NextV4(), random.Next(24, 33)))) : [];
        var port = new Port("port", "project", "net", [new FixedIp("s4", ownV4), new FixedIp("s6", ownV6)],
            PortSecurityEnabled: !Chance(0.05), AllowedAddressPairs: pairs);

        var groups = Enumerable.Range(0, random.Next(0, 4)).ToImmutableDictionary(
            i => $"g{i}",
            _ => Enumerable.Range(0, random.Next(0, 6)).Select(_ => Chance(0.5) ? Network(NextV4(), random.Next(24, 33)) : Network(NextV6(), random.Next(96, 129))).ToImmutableArray());
        // Address groups deliberately share ids with remote groups (g0, g1…): the two must stay apart.
        // Their CIDRs mix both families and overlap, as an address group's may.
        var addressGroups = Enumerable.Range(0, random.Next(0, 3)).ToImmutableDictionary(
            i => $"g{i}",
            _ => Enumerable.Range(0, random.Next(0, 5)).Select(_ => Chance(0.5) ? Network(NextV4(), random.Next(20, 33)) : Network(NextV6(), random.Next(100, 129))).ToImmutableArray());
        foreach (var member in groups.Values.Concat(addressGroups.Values).SelectMany(m => m))
        {
            AddEdges(member);
        }

        // One id names an address group that no longer exists: it matches nothing.
        List<string> addressGroupIds = [.. addressGroups.Keys, "gone"];
        var rules = Enumerable.Range(0, random.Next(0, 80)).Select(i => new EffectiveRule(NextRule($"r{i:d3}", groups.Keys.ToList(), addressGroupIds), true)).ToImmutableArray();
        var platform = Enumerable.Range(0, Chance(0.3) ? random.Next(1, 3) : 0).Select(i => NextPlatformPolicy($"p{i}")).ToImmutableArray();
        var intra = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Chance(0.5) ? Network(NextV4(), random.Next(16, 31)) : Network(NextV6(), random.Next(48, 121))).ToImmutableArray();
        foreach (var network in intra)
        {
            AddEdges(network);
        }

        var sources = PolicyIndex.AddressesOf(port);
        return new EffectivePolicy(port, ["g"], rules, groups, platform, intra, sources, Stateful: !Chance(0.2)) { AddressGroups = addressGroups };
    }

    public Flow NextFlow(EffectivePolicy policy)
    {
        var v6 = Chance(0.5);
        var etherType = v6 ? EtherType.IPv6 : EtherType.IPv4;
        var direction = Chance(0.5) ? Direction.Ingress : Direction.Egress;
        var protocol = Chance(0.9) ? Pick(protocols) : (byte)random.Next(0, 256);
        var edges = v6 ? edgesV6 : edgesV4;
        var peer = edges.Count > 0 && Chance(0.85) ? Pick(edges) : (v6 ? NextV6() : NextV4());
        var (type, code) = Pick(icmpEdges);
        var state = random.Next(0, 20) switch { 0 => ConnectionState.Established, 1 => ConnectionState.Invalid, _ => ConnectionState.New };

        IPAddress? local = null;
        if (direction == Direction.Egress && Chance(0.5))
        {
            var own = policy.Port.FixedIps.Select(f => f.Address).Where(a => (a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) == v6).ToList();
            local = own.Count > 0 && Chance(0.7) ? Pick(own) : (v6 ? NextV6() : NextV4());
        }

        var (sourcePort, destinationPort) = random.Next(0, 30) switch
        {
            0 => (68, 67),
            1 => (67, 68),
            2 => (546, 547),
            3 => (547, 546),
            _ => (random.Next(1024, 65536), Pick(portEdges)),
        };
        if (Chance(0.15))
        {
            type = random.Next(128, 145);
        }

        return new Flow(direction, etherType, protocol, peer, destinationPort, sourcePort, (byte)Math.Clamp(type, 0, 255), (byte)Math.Clamp(code, 0, 255), local, state);
    }

    private SecurityGroupRule NextRule(string id, List<string> groups, List<string> addressGroups)
    {
        var v6 = Chance(0.5);
        var etherType = v6 ? EtherType.IPv6 : EtherType.IPv4;
        var direction = Chance(0.5) ? Direction.Ingress : Direction.Egress;
        var kind = random.Next(0, 10);
        var protocol = kind switch
        {
            0 => Protocol.Any,
            1 or 2 or 3 => Protocol.Of(6),
            4 or 5 => Protocol.Of(17),
            6 => Protocol.Of(v6 ? (byte)58 : (byte)1),
            7 => Protocol.Of(132),
            8 => Protocol.Of(47),
            _ => Protocol.Of((byte)random.Next(0, 256)),
        };

        int? min = null, max = null;
        if (protocol.HasPorts && Chance(0.8))
        {
            min = Chance(0.5) ? Pick([22, 80, 443, 3306, 53, 1024]) : random.Next(1, 65536);
            max = Chance(0.5) ? min : Math.Min(65535, min.Value + random.Next(0, 5000));
            portEdges.AddRange([min.Value - 1, min.Value, max.Value, Math.Min(max.Value + 1, 65535)]);
        }
        else if (protocol.IsIcmp && Chance(0.7))
        {
            min = random.Next(0, 256);
            max = Chance(0.5) ? random.Next(0, 256) : null;
            icmpEdges.AddRange([(min.Value, max ?? 0), (min.Value, (max ?? 0) + 1), (min.Value + 1, max ?? 0)]);
        }

        Remote? remote = random.Next(0, 6) switch
        {
            0 => null,
            1 or 2 => PrefixRemote(v6),
            3 => RangeRemote(v6),
            4 => groups.Count > 0 ? new Remote.Group(Pick(groups)) : null,
            _ => new Remote.AddressGroup(Pick(addressGroups)),
        };
        return new SecurityGroupRule(id, "g", direction, etherType, protocol, min, max, remote);
    }

    private PlatformPolicy NextPlatformPolicy(string id)
    {
        var v6 = Chance(0.5);
        var cidrs = Chance(0.8) ? ImmutableArray.Create(Network(v6 ? NextV6() : NextV4(), v6 ? random.Next(32, 129) : random.Next(8, 33))) : [];
        foreach (var cidr in cidrs)
        {
            AddEdges(cidr);
        }

        var protocol = Chance(0.5) ? Protocol.Any : Protocol.Of(6);
        int? min = !protocol.IsAny && Chance(0.5) ? Pick([22, 25, 3389]) : null;
        return new PlatformPolicy(id, id, cidrs, Chance(0.5) ? null : Direction.Egress, protocol, min, min);
    }

    private Remote.Prefix PrefixRemote(bool v6)
    {
        var network = v6 ? Network(NextV6(), random.Next(0, 129)) : Network(NextV4(), random.Next(0, 33));
        AddEdges(network);
        return Remote.Prefix.Of(network);
    }

    private Remote.Range RangeRemote(bool v6)
    {
        var a = v6 ? NextV6() : NextV4();
        var b = v6 ? NextV6() : NextV4();
        if (Compare(a, b) > 0)
        {
            (a, b) = (b, a);
        }

        AddEdge(a, -1);
        AddEdge(a, 0);
        AddEdge(b, 0);
        AddEdge(b, 1);
        return new Remote.Range(a, b);
    }

    private void AddEdges(IPNetwork network)
    {
        var bits = network.BaseAddress.GetAddressBytes().Length * 8;
        var first = ToNumber(network.BaseAddress);
        var span = bits - network.PrefixLength == 128 ? UInt128.MaxValue : (UInt128.One << (bits - network.PrefixLength)) - 1;
        var last = first | span;
        var v6 = bits == 128;
        foreach (var n in new[] { first - 1, first, first + 1, last - 1, last, last + 1 })
        {
            var masked = v6 ? n : n & uint.MaxValue;
            (v6 ? edgesV6 : edgesV4).Add(FromNumber(masked, v6));
        }
    }

    private void AddEdge(IPAddress address, int delta)
    {
        var v6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var n = ToNumber(address) + (UInt128)(long)delta;
        (v6 ? edgesV6 : edgesV4).Add(FromNumber(v6 ? n : n & uint.MaxValue, v6));
    }

    // A small pool: most addresses share 198.18.0.0/22 or 2001:db8::/118, so rules overlap.
    private IPAddress NextV4() => FromNumber(Chance(0.9) ? 0xC6120000u + (uint)random.Next(0, 1024) : (uint)random.NextInt64(0, 1L << 32), false);

    private IPAddress NextV6() => FromNumber(
        Chance(0.9)
            ? (new UInt128(0x20010db800000000, 0) + (UInt128)(ulong)random.Next(0, 1024))
            : new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()),
        true);

    private static IPNetwork Network(IPAddress address, int length) =>
        new(Palisade.Core.Validation.AddressParser.Mask(address, length), length);

    private static UInt128 ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

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

    private static int Compare(IPAddress a, IPAddress b) => ToNumber(a).CompareTo(ToNumber(b));

    private bool Chance(double p) => random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
