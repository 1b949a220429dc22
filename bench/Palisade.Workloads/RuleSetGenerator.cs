using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Core.Validation;

namespace Palisade.Workloads;

/// <summary>
/// Generates security-group rule sets shaped like ClassBench ACL/firewall filter sets
/// (Taylor & Turner, "ClassBench: A Packet Classification Benchmark", IEEE/ACM ToN 2007; docs/benchmarks.md): prefix lengths clustered at /0, /8, /16, /24, /32 (IPv6: /0,
/// /32, /48, /64, /128), destination ports mostly exact well-known ports plus the usual ranges,
/// mostly TCP, then UDP, ICMP and any; some address ranges and remote groups with members.
/// Deterministic for a seed.
/// </summary>
public sealed class RuleSetGenerator(int seed = 42)
{
    private static readonly int[] WellKnownPorts =
        [22, 80, 443, 3306, 5432, 3389, 53, 8080, 8443, 6379, 9200, 11211, 25, 110, 143, 993, 995, 123, 161, 389, 636, 1433, 1521, 2049, 5672, 6443, 9090, 27017];

    private static readonly (int Low, int High)[] CommonRanges =
        [(1024, 65535), (1, 1023), (6000, 6063), (8000, 8999), (30000, 32767), (49152, 65535), (5900, 5999), (10000, 20000)];

    private readonly Random random = new(seed);
    private readonly List<uint> sitesV4 = [];
    private readonly List<UInt128> sitesV6 = [];

    /// <summary>An effective policy of <paramref name="ruleCount"/> rules for one port, with <paramref name="remoteGroups"/> remote groups of <paramref name="membersPerGroup"/> members.</summary>
    public EffectivePolicy Generate(int ruleCount, int remoteGroups = 20, int membersPerGroup = 200)
    {
        // About one "site" per four rules, so prefixes nest and overlap as in real filter sets.
        for (var i = 0; i < Math.Max(16, ruleCount / 4); i++)
        {
            sitesV4.Add((uint)random.NextInt64(0, 1L << 32));
            sitesV6.Add(new UInt128(0x20010db800000000 | (ulong)random.Next(0, 1 << 16) << 16, (ulong)random.NextInt64()));
        }

        var groups = Enumerable.Range(0, remoteGroups).ToImmutableDictionary(
            g => $"group-{g:d3}",
            _ => Enumerable.Range(0, membersPerGroup).Select(_ => Chance(0.8) ? new IPNetwork(V4(SiteV4()), 32) : new IPNetwork(V6(SiteV6()), 128)).Distinct().ToImmutableArray());
        var groupIds = groups.Keys.Order(StringComparer.Ordinal).ToList();

        var rules = Enumerable.Range(0, ruleCount)
            .Select(i => new EffectiveRule(NextRule($"rule-{i:d6}", groupIds), Stateful: true))
            .ToImmutableArray();

        var port = new Port("port-0001", "project", "network", [new FixedIp("subnet-v4", IPAddress.Parse("198.18.0.10")), new FixedIp("subnet-v6", IPAddress.Parse("2001:db8::10"))]);
        return new EffectivePolicy(port, ["group-main"], rules, groups, [], [], PolicyIndex.AddressesOf(port));
    }

    private SecurityGroupRule NextRule(string id, List<string> groupIds)
    {
        var direction = Chance(0.7) ? Direction.Ingress : Direction.Egress;
        var v6 = Chance(0.2);
        var etherType = v6 ? EtherType.IPv6 : EtherType.IPv4;
        var roll = random.NextDouble();
        var protocol = roll switch
        {
            < 0.60 => Protocol.Of(Protocol.Tcp),
            < 0.80 => Protocol.Of(Protocol.Udp),
            < 0.88 => Protocol.Of(v6 ? Protocol.IcmpV6 : Protocol.Icmp),
            < 0.95 => Protocol.Any,
            _ => Protocol.Of(Pick<byte>([Protocol.Sctp, 47, 50])),
        };

        int? min = null, max = null;
        if (protocol.HasPorts)
        {
            if (Chance(0.75))
            {
                min = max = Chance(0.8) ? Pick(WellKnownPorts) : random.Next(1, 65536);
            }
            else
            {
                (min, max) = Chance(0.8) ? Pick(CommonRanges) : RandomRange();
            }
        }
        else if (protocol.IsIcmp && Chance(0.7))
        {
            min = Pick([0, 3, 8, 11, 128, 129]);
            max = Chance(0.3) ? random.Next(0, 16) : null;
        }

        // "From anywhere" is for a single service port (a web server's 443); wide port ranges and
        // any-protocol rules name their peers, as they do in real filter sets.
        var anywhereAllowed = protocol.IsIcmp || (min is not null && min == max);
        Remote? remote;
        do
        {
            remote = random.NextDouble() switch
            {
                < 0.10 => null,
                < 0.85 => PrefixRemote(v6),
                < 0.90 => RangeRemote(v6),
                _ => groupIds.Count > 0 ? new Remote.Group(Pick(groupIds)) : null,
            };
        }
        while (remote is null && !anywhereAllowed);
        return new SecurityGroupRule(id, "group-main", direction, etherType, protocol, min, max, remote);
    }

    private (int, int) RandomRange()
    {
        var low = random.Next(1, 65000);
        return (low, Math.Min(65535, low + random.Next(1, 2000)));
    }

    private Remote? PrefixRemote(bool v6)
    {
        int length;
        IPAddress address;
        if (v6)
        {
            length = WeightedLength([(0, 0.05), (32, 0.15), (48, 0.25), (64, 0.3), (128, 0.25)], 128);
            address = V6(SiteV6());
        }
        else
        {
            length = WeightedLength([(0, 0.05), (8, 0.1), (16, 0.2), (24, 0.35), (32, 0.25)], 32);
            address = V4(SiteV4());
        }

        return length == 0 ? null : Remote.Prefix.Of(new IPNetwork(AddressParser.Mask(address, length), length));
    }

    private Remote.Range RangeRemote(bool v6)
    {
        if (v6)
        {
            var first = SiteV6();
            return new Remote.Range(V6(first), V6(first + (ulong)random.Next(1, 4096)));
        }

        var start = SiteV4();
        var last = (uint)Math.Min(uint.MaxValue, (ulong)start + (ulong)random.Next(1, 4096));
        return new Remote.Range(V4(start), V4(last));
    }

    /// <summary>Mostly the clustered lengths; the remainder anywhere in between, as real sets have.</summary>
    private int WeightedLength((int Length, double Weight)[] weights, int maxLength)
    {
        if (Chance(0.05))
        {
            return random.Next(1, maxLength + 1);
        }

        var roll = random.NextDouble();
        foreach (var (length, weight) in weights)
        {
            roll -= weight;
            if (roll < 0)
            {
                return length;
            }
        }

        return weights[^1].Length;
    }

    // Hosts near a site: the low bits vary so /24 and /32 rules of one site overlap.
    internal uint SiteV4() => Pick(sitesV4) ^ (uint)random.Next(0, 256);

    internal UInt128 SiteV6() => Pick(sitesV6) ^ (UInt128)(ulong)random.Next(0, 1 << 16);

    internal static IPAddress V4(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    internal static IPAddress V6(UInt128 value)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    private bool Chance(double p) => random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
