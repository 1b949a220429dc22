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
internal sealed class RegionResolver(PolicyIndex index)
{
    private readonly Dictionary<(string, EtherType), AddressSet> groupSets = [];
    private readonly Dictionary<(string, EtherType), AddressSet> addressGroupSets = [];
    private readonly Dictionary<string, AddressGroup> addressGroups = index.Snapshot.AddressGroups.ToDictionary(g => g.Id);

    public RuleRegion Resolve(SecurityGroupRule rule) => RuleRegion.Of(rule, AddressesOf(rule.Remote, rule.EtherType));

    public AddressSet AddressesOf(Remote? remote, EtherType family) => remote switch
    {
        null => AddressSet.Everything(family),
        Remote.Prefix prefix => AddressSet.OfNetworks(family, [prefix.Network]),
        Remote.Range range when AddressKey.IsIPv6(range.First) == (family == EtherType.IPv6) =>
            AddressSet.Of(family, [(AddressKey.Of(range.First), AddressKey.Of(range.Last))]),
        Remote.Group group => Cached(groupSets, group.GroupId, family, () => index.MembersOf(group.GroupId)),
        Remote.AddressGroup addressGroup => Cached(addressGroupSets, addressGroup.AddressGroupId, family,
            () => addressGroups.TryGetValue(addressGroup.AddressGroupId, out var found) ? found.Addresses : []),
        _ => AddressSet.Empty(family),
    };

    /// <summary>The addresses of the remote of either family: empty means it has none at all.</summary>
    public ImmutableArray<IPNetwork> RawAddressesOf(Remote remote) => remote switch
    {
        Remote.Group group => index.MembersOf(group.GroupId),
        Remote.AddressGroup addressGroup => addressGroups.TryGetValue(addressGroup.AddressGroupId, out var found) ? found.Addresses : [],
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
