using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Nftables;

/// <summary>
/// Builds the <see cref="NftRuleset"/> of a host's ports. A group's rules are the same on every port
/// it is bound to, so each group gets one ingress and one egress chain that port chains jump to,
/// and each remote group and each address group one set per family: the ruleset grows with rules +
/// members + ports × bound groups, never rules × ports or rules × members. Rules only allow, so a group chain that matches
/// nothing returns and the port chain goes on to the next group, as the classifier's union does.
/// </summary>
internal sealed class RulesetBuilder
{
    private readonly SortedSet<string> counters = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, NftSet> sets = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ImmutableArray<SecurityGroupRule>> groupRules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<IPNetwork>> groupMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<IPNetwork>> addressGroups = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, PlatformPolicy> platformPolicies = new(StringComparer.Ordinal);
    private readonly List<string>[] portSources = [[], []];
    private readonly List<string>[] portIntraSubnets = [[], []];
    private readonly HashSet<(string Port, bool V6)> intraSubnetPorts = [];

    public static NftRuleset Build(IReadOnlyList<EffectivePolicy> ports) => new RulesetBuilder().Run(ports);

    private NftRuleset Run(IReadOnlyList<EffectivePolicy> ports)
    {
        var sorted = ports.OrderBy(p => p.Port.Id, StringComparer.Ordinal).ToList();
        Validate(sorted);
        var secured = sorted.Where(p => p.Port.PortSecurityEnabled).ToList();

        foreach (var policy in secured)
        {
            CollectGroups(policy);
        }

        // Platform policies are the same list on every port in practice; ports sharing a list share its chains.
        var platformKeys = secured
            .Select(PlatformKey)
            .Where(k => k.Length > 0)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Select((key, index) => (key, index))
            .ToDictionary(k => k.key, k => k.index, StringComparer.Ordinal);
        foreach (var policy in secured)
        {
            foreach (var platform in policy.PlatformPolicies.Where(p => p.Enabled))
            {
                Remember(platformPolicies, platform.Id, platform, SamePlatformPolicy, "platform policy");
            }
        }

        var chains = new List<NftChain>();
        if (secured.Count > 0)
        {
            chains.AddRange(PortChains.InfrastructureChains());
            chains.Add(PortChains.RefusedInfrastructureChain());
        }

        chains.AddRange(GroupChains());
        chains.AddRange(PlatformChains(secured, platformKeys));
        foreach (var policy in secured)
        {
            AddPortSets(policy);
            var platform = PlatformKey(policy);
            var groups = policy.Rules.Select(r => r.Rule.GroupId).Distinct().Order(StringComparer.Ordinal).ToList();
            foreach (var ingress in new[] { true, false })
            {
                var direction = ingress ? Direction.Ingress : Direction.Egress;
                var jumps = groups
                    .Where(g => groupRules[g].Any(r => r.Direction == direction))
                    .Select(g => NftNames.GroupChain(g, ingress))
                    .ToList();
                var platformChain = platform.Length > 0 ? NftNames.PlatformChain(platformKeys[platform], ingress) : null;
                chains.Add(PortChains.Build(policy, ingress, platformChain, jumps, (port, v6) => intraSubnetPorts.Contains((port, v6))));
                counters.Add(NftNames.DropCounter(policy.Port.Id, ingress));
            }
        }

        if (secured.Count > 0)
        {
            AddPortSetDeclarations();
        }

        var stateless = secured.Where(p => !p.Stateful).ToList();
        if (stateless.Count > 0)
        {
            AddSet("stateless_ifaces", ["type ifname"], stateless.Select(p => Quote(p.Port.DeviceName)).Order(StringComparer.Ordinal));
            AddSet("tracked_ifaces", ["typeof fib daddr oifname"], secured.Where(p => p.Stateful).Select(p => Quote(p.Port.DeviceName)).Order(StringComparer.Ordinal));
        }

        ImmutableArray<NftSet> maps =
        [
            Map("egress_ports", sorted, ingress: false),
            Map("ingress_ports", sorted, ingress: true),
        ];

        return new NftRuleset([.. counters], [.. sets.Values], [.. chains], maps, BaseChains(stateless.Count > 0));
    }

    private void CollectGroups(EffectivePolicy policy)
    {
        foreach (var group in policy.Rules.Select(r => r.Rule).GroupBy(r => r.GroupId, StringComparer.Ordinal))
        {
            Remember(groupRules, group.Key, [.. group.OrderBy(r => r.Id, StringComparer.Ordinal)], (a, b) => a.SequenceEqual(b), "group");
        }

        foreach (var (groupId, members) in policy.RemoteGroups)
        {
            Remember(groupMembers, groupId, members, (a, b) => a == b || a.SequenceEqual(b), "remote group");
        }

        foreach (var (addressGroupId, cidrs) in policy.AddressGroups)
        {
            Remember(addressGroups, addressGroupId, cidrs, (a, b) => a == b || a.SequenceEqual(b), "address group");
        }
    }

    private IEnumerable<NftChain> GroupChains()
    {
        foreach (var (groupId, rules) in groupRules)
        {
            foreach (var ingress in new[] { true, false })
            {
                var direction = ingress ? Direction.Ingress : Direction.Egress;
                var lines = ImmutableArray.CreateBuilder<string>();
                foreach (var rule in rules.Where(r => r.Direction == direction))
                {
                    if (RuleLine.Render(rule, GroupSet, AddressGroupSet) is { } line)
                    {
                        lines.Add(line);
                        counters.Add(NftNames.RuleCounter(rule.Id));
                    }
                }

                if (rules.Any(r => r.Direction == direction))
                {
                    yield return new NftChain(NftNames.GroupChain(groupId, ingress), null, lines.ToImmutable());
                }
            }
        }
    }

    private string GroupSet(string groupId, bool v6)
    {
        var name = NftNames.GroupSet(groupId, v6);
        if (!sets.ContainsKey(name))
        {
            AddAddressSet(name, groupMembers.GetValueOrDefault(groupId, []), v6);
        }

        return name;
    }

    private string AddressGroupSet(string addressGroupId, bool v6)
    {
        var name = NftNames.AddressGroupSet(addressGroupId, v6);
        if (!sets.ContainsKey(name))
        {
            AddAddressSet(name, addressGroups.GetValueOrDefault(addressGroupId, []), v6);
        }

        return name;
    }

    private IEnumerable<NftChain> PlatformChains(List<EffectivePolicy> secured, Dictionary<string, int> keys)
    {
        foreach (var (key, index) in keys.OrderBy(k => k.Value))
        {
            var policies = secured.First(p => PlatformKey(p) == key).PlatformPolicies.Where(p => p.Enabled).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
            foreach (var ingress in new[] { true, false })
            {
                var lines = policies.SelectMany(p => PlatformLines(platformPolicies[p.Id], ingress));
                yield return new NftChain(NftNames.PlatformChain(index, ingress), null, [.. lines]);
            }
        }
    }

    /// <summary>Drops what one platform policy matches (<c>FlowMatching.PlatformPolicyMatches</c>); the peer is the source on ingress.</summary>
    private IEnumerable<string> PlatformLines(PlatformPolicy policy, bool ingress)
    {
        if (policy.Direction is { } direction && direction != (ingress ? Direction.Ingress : Direction.Egress))
        {
            yield break;
        }

        if (MatchExpressions.Protocol(policy.Protocol, policy.PortRangeMin, policy.PortRangeMax, v6: null) is not { } protocol)
        {
            yield break;
        }

        var counter = NftNames.PlatformCounter(policy.Id);
        counters.Add(counter);
        var tail = (protocol.Length > 0 ? protocol + " " : string.Empty) + $"counter name \"{counter}\" drop";
        if (policy.Cidrs.IsDefaultOrEmpty)
        {
            yield return tail;
            yield break;
        }

        foreach (var v6 in new[] { false, true })
        {
            if (policy.Cidrs.Any(c => AddressElements.IsV6(c.BaseAddress) == v6))
            {
                var name = NftNames.PlatformSet(policy.Id, v6);
                AddAddressSet(name, policy.Cidrs, v6);
                yield return $"{(v6 ? "ip6" : "ip")} {(ingress ? "saddr" : "daddr")} @{name} {tail}";
            }
        }
    }

    /// <summary>
    /// A port's addresses and intra-subnet CIDRs go into four sets shared by every port, keyed by
    /// <c>ifname . address</c>, rather than into sets of its own: nft reads every set of the table
    /// before any element change, so with three sets per port one added member of a remote group
    /// cost 0.4 s on a 1,000-port host, and 0.06 s with the sets shared (docs/benchmarks.md).
    /// Interface names are unique on a host, so elements of different ports never overlap.
    /// </summary>
    private void AddPortSets(EffectivePolicy policy)
    {
        var device = Quote(policy.Port.DeviceName);
        foreach (var v6 in new[] { false, true })
        {
            portSources[v6 ? 1 : 0].AddRange(AddressElements.Of(policy.SourceAddresses, v6).Select(e => device + " . " + e));
            if (policy.IntraSubnetCidrs.Any(c => AddressElements.IsV6(c.BaseAddress) == v6))
            {
                portIntraSubnets[v6 ? 1 : 0].AddRange(AddressElements.Of(policy.IntraSubnetCidrs, v6).Select(e => device + " . " + e));
                intraSubnetPorts.Add((policy.Port.Id, v6));
            }
        }
    }

    private void AddPortSetDeclarations()
    {
        foreach (var v6 in new[] { false, true })
        {
            ImmutableArray<string> declaration = [v6 ? "type ifname . ipv6_addr" : "type ifname . ipv4_addr", "flags interval"];
            AddSet(NftNames.SourceSet(v6), declaration, portSources[v6 ? 1 : 0]);
            if (portIntraSubnets[v6 ? 1 : 0].Count > 0)
            {
                AddSet(NftNames.IntraSubnetSet(v6), declaration, portIntraSubnets[v6 ? 1 : 0]);
            }
        }
    }

    private void AddAddressSet(string name, IEnumerable<IPNetwork> networks, bool v6) =>
        AddSet(name, [v6 ? "type ipv6_addr" : "type ipv4_addr", "flags interval"], AddressElements.Of(networks, v6));

    private void AddSet(string name, ImmutableArray<string> declaration, IEnumerable<string> elements) =>
        sets[name] = new NftSet(name, declaration, [.. elements]);

    private static NftSet Map(string name, List<EffectivePolicy> ports, bool ingress) =>
        new(name, ["type ifname : verdict"], [.. ports
            .Select(p => (Device: p.Port.DeviceName, Verdict: p.Port.PortSecurityEnabled ? "goto " + NftNames.PortChain(p.Port.Id, ingress) : "accept"))
            .OrderBy(e => e.Device, StringComparer.Ordinal)
            .Select(e => $"{Quote(e.Device)} : {e.Verdict}")]);

    /// <summary>
    /// Egress and ingress are two base chains on the forward hook, egress first: an accept ends only
    /// its own base chain, so a packet between two ports of this host that the sender's egress
    /// accepts still meets the receiver's ingress. Traffic from an instance to the host itself passes
    /// the port's egress chain too (input); the host reaching its instances is not filtered, as in
    /// Calico. Stateless ports' packets skip conntrack, except those going to a stateful port of this
    /// host, whose chain needs their conntrack state to recognise replies.
    /// </summary>
    /// <summary>The interface names Neutron gives ports (tap + 11 characters of the id).</summary>
    private const string UnknownPorts = "tap*";

    private static ImmutableArray<NftChain> BaseChains(bool anyStateless)
    {
        var chains = ImmutableArray.CreateBuilder<NftChain>();
        if (anyStateless)
        {
            chains.Add(new("raw_prerouting", "type filter hook prerouting priority raw; policy accept;", ["iifname @stateless_ifaces fib daddr oifname != @tracked_ifaces notrack"]));
        }

        // A port's chain always ends in a verdict, so what reaches the line after the map is an
        // interface the map does not know. One named like a port (tap*) is a port whose policy is not
        // known yet, or no longer: it gets drop, not allow. Other host traffic is not ours to filter.
        chains.Add(new("forward_egress", "type filter hook forward priority filter; policy accept;", ["iifname vmap @egress_ports", $"iifname \"{UnknownPorts}\" drop"]));
        chains.Add(new("forward_ingress", "type filter hook forward priority filter + 10; policy accept;", ["oifname vmap @ingress_ports", $"oifname \"{UnknownPorts}\" drop"]));
        chains.Add(new("input_egress", "type filter hook input priority filter; policy accept;", ["iifname vmap @egress_ports", $"iifname \"{UnknownPorts}\" drop"]));
        return chains.ToImmutable();
    }

    private static string PlatformKey(EffectivePolicy policy) =>
        string.Join('\n', policy.PlatformPolicies.Where(p => p.Enabled).Select(p => p.Id).Order(StringComparer.Ordinal));

    private static string Quote(string device) => "\"" + device + "\"";

    private static bool SamePlatformPolicy(PlatformPolicy a, PlatformPolicy b) =>
        a == b || (a with { Cidrs = [] }) == (b with { Cidrs = [] }) && a.Cidrs.SequenceEqual(b.Cidrs);

    /// <summary>
    /// Groups, members and platform policies are rendered once for every port, so every port must see
    /// the same ones: policies of one snapshot always do. Mixing snapshots is a caller's bug.
    /// </summary>
    private static void Remember<T>(IDictionary<string, T> seen, string id, T value, Func<T, T, bool> same, string what)
    {
        if (!seen.TryGetValue(id, out var existing))
        {
            seen[id] = value;
        }
        else if (!same(existing, value))
        {
            throw new ArgumentException($"ports disagree on {what} {id}: render the policies of one snapshot", "ports");
        }
    }

    private static void Validate(List<EffectivePolicy> ports)
    {
        for (var i = 1; i < ports.Count; i++)
        {
            if (ports[i].Port.Id == ports[i - 1].Port.Id)
            {
                throw new ArgumentException($"port {ports[i].Port.Id} appears twice", nameof(ports));
            }
        }

        var devices = new HashSet<string>(StringComparer.Ordinal);
        foreach (var port in ports.Select(p => p.Port))
        {
            var device = port.DeviceName;
            // IFNAMSIZ is 16 with the NUL; a quote or backslash would end the nft string early.
            if (device.Length is 0 or > 15 || device.Any(c => c is '"' or '\\' or '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw new ArgumentException($"port {port.Id} has an invalid interface name '{device}'", nameof(ports));
            }

            if (!devices.Add(device))
            {
                throw new ArgumentException($"interface {device} belongs to two ports", nameof(ports));
            }
        }
    }
}
