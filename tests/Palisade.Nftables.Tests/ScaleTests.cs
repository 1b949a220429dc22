using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Nftables.Tests;

/// <summary>
/// design.md §5's host: 1,000 ports, 5,000 rules, a remote group of 10,000 members. Not timed (the
/// benchmark measures time); these check that nft takes it and that size follows rules + members.
/// </summary>
public sealed class ScaleTests
{
    private const int Ports = 1_000;
    private const int Groups = 50;
    private const int RulesPerGroup = 100;

    [Fact]
    public async Task A_thousand_ports_five_thousand_rules_and_ten_thousand_members_are_accepted_by_nft()
    {
        var ruleset = RulesetRenderer.Render(Host(members: 10_000));

        await Nft.AssertAcceptedAsync(ruleset, "scale host");
    }

    [Fact]
    public void Doubling_the_members_adds_set_elements_and_not_one_rule()
    {
        var small = RulesetBuilder.Build(Host(members: 10_000));
        var large = RulesetBuilder.Build(Host(members: 20_000));

        Assert.Equal(small.Chains.Sum(c => c.Rules.Length), large.Chains.Sum(c => c.Rules.Length));
        Assert.Equal(Groups * RulesPerGroup, small.Counters.Count(c => c.StartsWith("rule_", StringComparison.Ordinal)));
        Assert.Equal(10_000, small.Sets.Single(s => s.Name == "group_clients_v4").Elements.Length);
        Assert.Equal(20_000, large.Sets.Single(s => s.Name == "group_clients_v4").Elements.Length);
    }

    [Fact]
    public void Doubling_the_members_is_an_element_only_delta()
    {
        var delta = RulesetDiff.Compute(Host(members: 10_000), Host(members: 20_000));

        Assert.NotNull(delta);
        var change = Assert.Single(delta.Sets);
        Assert.Equal("group_clients_v4", change.SetName);
        Assert.Empty(change.Removed);
        Assert.Equal(10_000, change.Added.Length);
    }

    private static ImmutableArray<EffectivePolicy> Host(int members)
    {
        var clients = Enumerable.Range(0, members).Select(i => new IPNetwork(new IPAddress([100, (byte)(64 + (i >> 16)), (byte)(i >> 8), (byte)i]), 32)).ToImmutableArray();
        var remoteGroups = ImmutableDictionary<string, ImmutableArray<IPNetwork>>.Empty.Add("clients", clients);
        var groups = Enumerable.Range(0, Groups).Select(g => Enumerable.Range(0, RulesPerGroup).Select(r => GroupRule(g, r)).ToImmutableArray()).ToList();
        var platform = ImmutableArray.Create(new PlatformPolicy("embargo", "embargo", [IPNetwork.Parse("203.0.113.0/24")]));
        var subnet = ImmutableArray.Create(IPNetwork.Parse("10.0.0.0/16"));

        return [.. Enumerable.Range(0, Ports).Select(i =>
        {
            var address = new IPAddress([10, 0, (byte)(i >> 8), (byte)i]);
            var port = new Port($"port-{i:d4}", "p1", "n1", [new FixedIp("s4", address)], $"fa:16:3e:00:{i >> 8:x2}:{i & 0xff:x2}", InterfaceName: $"tap{i:d4}");
            int[] bound = [i % Groups, (i + 17) % Groups, (i + 33) % Groups];
            var rules = bound.Order().SelectMany(g => groups[g]).Select(r => new EffectiveRule(r, true)).ToImmutableArray();
            return new EffectivePolicy(port, [.. bound.Order().Select(g => $"g{g:d2}")], rules, remoteGroups, platform, subnet, PolicyIndex.AddressesOf(port));
        })];
    }

    private static SecurityGroupRule GroupRule(int group, int rule)
    {
        var id = $"g{group:d2}-r{rule:d3}";
        var groupId = $"g{group:d2}";
        return (rule % 4) switch
        {
            0 => new(id, groupId, Direction.Ingress, EtherType.IPv4, Protocol.Of(Protocol.Tcp), 1000 + rule, 1000 + rule, new Remote.Group("clients")),
            1 => new(id, groupId, Direction.Ingress, EtherType.IPv4, Protocol.Of(Protocol.Udp), 2000 + rule, 2100 + rule, Remote.Prefix.Of(new IPNetwork(new IPAddress([172, 16, (byte)group, 0]), 24))),
            2 => new(id, groupId, Direction.Egress, EtherType.IPv4, Protocol.Of(Protocol.Tcp), 443, 443, new Remote.Group("clients")),
            _ => new(id, groupId, Direction.Ingress, EtherType.IPv6, Protocol.Of(Protocol.IcmpV6), 128, null),
        };
    }
}
