using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Workloads;

/// <summary>
/// design.md §5's hypervisor: by default 1,000 ports, 50 groups of 100 rules (5,000 rules), each port
/// bound to three groups, a quarter of the rules naming a remote group of 10,000 members, one
/// platform policy and one intra-subnet CIDR. The same host as the renderer's scale tests, so the
/// benchmarks time what those tests check nft accepts.
/// </summary>
public static class HostWorkload
{
    public const string RemoteGroup = "clients";

    public static ImmutableArray<EffectivePolicy> Build(int members = 10_000, int ports = 1_000, int groups = 50, int rulesPerGroup = 100)
    {
        var clients = Enumerable.Range(0, members).Select(Member).ToImmutableArray();
        var remoteGroups = ImmutableDictionary<string, ImmutableArray<IPNetwork>>.Empty.Add(RemoteGroup, clients);
        var rules = Enumerable.Range(0, groups).Select(g => Enumerable.Range(0, rulesPerGroup).Select(r => Rule(g, r)).ToImmutableArray()).ToList();
        var platform = ImmutableArray.Create(new PlatformPolicy("embargo", "embargo", [IPNetwork.Parse("203.0.113.0/24")]));
        var subnet = ImmutableArray.Create(IPNetwork.Parse("10.0.0.0/16"));

        return [.. Enumerable.Range(0, ports).Select(i =>
        {
            var address = new IPAddress([10, 0, (byte)(i >> 8), (byte)i]);
            var port = new Port($"port-{i:d4}", "p1", "n1", [new FixedIp("s4", address)], $"fa:16:3e:00:{i >> 8:x2}:{i & 0xff:x2}", InterfaceName: $"tap{i:d4}");
            int[] bound = [i % groups, (i + 17) % groups, (i + 33) % groups];
            var portRules = bound.Distinct().Order().SelectMany(g => rules[g]).Select(r => new EffectiveRule(r, true)).ToImmutableArray();
            return new EffectivePolicy(port, [.. bound.Distinct().Order().Select(g => $"g{g:d2}")], portRules, remoteGroups, platform, subnet, PolicyIndex.AddressesOf(port));
        })];
    }

    /// <summary>The host with one member more in the remote group (a port elsewhere joined it).</summary>
    public static ImmutableArray<EffectivePolicy> WithExtraMember(ImmutableArray<EffectivePolicy> host, int index)
    {
        var members = host[0].RemoteGroups[RemoteGroup].Add(Member(index));
        var remoteGroups = host[0].RemoteGroups.SetItem(RemoteGroup, members);
        return [.. host.Select(p => p with { RemoteGroups = remoteGroups })];
    }

    /// <summary>Member <paramref name="i"/>: 100.64.0.0/10 addresses, one per member.</summary>
    public static IPNetwork Member(int i) => new(new IPAddress([100, (byte)(64 + (i >> 16)), (byte)(i >> 8), (byte)i]), 32);

    private static SecurityGroupRule Rule(int group, int rule)
    {
        var id = $"g{group:d2}-r{rule:d3}";
        var groupId = $"g{group:d2}";
        return (rule % 4) switch
        {
            0 => new(id, groupId, Direction.Ingress, EtherType.IPv4, Protocol.Of(Protocol.Tcp), 1000 + rule, 1000 + rule, new Remote.Group(RemoteGroup)),
            1 => new(id, groupId, Direction.Ingress, EtherType.IPv4, Protocol.Of(Protocol.Udp), 2000 + rule, 2100 + rule, Remote.Prefix.Of(new IPNetwork(new IPAddress([172, 16, (byte)group, 0]), 24))),
            2 => new(id, groupId, Direction.Egress, EtherType.IPv4, Protocol.Of(Protocol.Tcp), 443, 443, new Remote.Group(RemoteGroup)),
            _ => new(id, groupId, Direction.Ingress, EtherType.IPv6, Protocol.Of(Protocol.IcmpV6), 128, null),
        };
    }
}
