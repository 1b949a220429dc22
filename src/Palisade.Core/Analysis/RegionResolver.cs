using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Classification;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Analysis;

/// <summary>
/// Turns rules into <see cref="RuleRegion"/>s with the snapshot's current remote-group members and
/// address-group CIDRs (FlowMatching.RemoteMatches: only addresses of the rule's ethertype count),
/// each group's set built once per family.
/// </summary>
internal sealed class RegionResolver
{
    private readonly Dictionary<(string, EtherType), AddressSet> groupSets = [];
    private readonly Dictionary<(string, EtherType), AddressSet> addressGroupSets = [];
    private readonly Func<string, ImmutableArray<IPNetwork>> membersOf;
    private readonly Func<string, ImmutableArray<IPNetwork>> addressesOf;

    public RegionResolver(PolicyIndex index)
    {
        var addressGroups = index.Snapshot.AddressGroups.ToDictionary(g => g.Id);
        membersOf = index.MembersOf;
        addressesOf = id => addressGroups.TryGetValue(id, out var found) ? found.Addresses : [];
    }

    /// <summary>Resolves with the members and CIDRs an effective policy carries (those of the groups its rules name).</summary>
    public RegionResolver(EffectivePolicy policy)
    {
        membersOf = id => policy.RemoteGroups.GetValueOrDefault(id, []);
        addressesOf = id => policy.AddressGroups.GetValueOrDefault(id, []);
    }

    public RuleRegion Resolve(SecurityGroupRule rule) => RuleRegion.Of(rule, AddressesOf(rule.Remote, rule.EtherType));

    public AddressSet AddressesOf(Remote? remote, EtherType family) => remote switch
    {
        null => AddressSet.Everything(family),
        Remote.Prefix prefix => AddressSet.OfNetworks(family, [prefix.Network]),
        Remote.Range range when AddressKey.IsIPv6(range.First) == (family == EtherType.IPv6) =>
            AddressSet.Of(family, [(AddressKey.Of(range.First), AddressKey.Of(range.Last))]),
        Remote.Group group => Cached(groupSets, group.GroupId, family, () => membersOf(group.GroupId)),
        Remote.AddressGroup addressGroup => Cached(addressGroupSets, addressGroup.AddressGroupId, family, () => addressesOf(addressGroup.AddressGroupId)),
        _ => AddressSet.Empty(family),
    };

    /// <summary>The addresses of the remote of either family: empty means it has none at all.</summary>
    public ImmutableArray<IPNetwork> RawAddressesOf(Remote remote) => remote switch
    {
        Remote.Group group => membersOf(group.GroupId),
        Remote.AddressGroup addressGroup => addressesOf(addressGroup.AddressGroupId),
        _ => [],
    };

    private static AddressSet Cached(Dictionary<(string, EtherType), AddressSet> cache, string id, EtherType family, Func<ImmutableArray<IPNetwork>> networks)
    {
        if (!cache.TryGetValue((id, family), out var set))
        {
            cache[(id, family)] = set = AddressSet.OfNetworks(family, networks());
        }

        return set;
    }
}
