using System.Collections.Immutable;
using Palisade.Core.Classification;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Analysis;

/// <summary>
/// The exact difference a change makes, computed from the two policies symbolically
/// (<see cref="FlowSpaceLayer"/>), not by trying flows. At each port, the rules that differ
/// between before and after (added, removed, or whose remote group's members or address group's
/// CIDRs changed) are the only places a verdict can change, so the sweep is clipped to their
/// boxes: per protocol bucket, the port axis is cut where any box starts or ends, and on each
/// piece the peers allowed before and after are compared inside the changed boxes' peers. The
/// cost depends on the rules overlapping the change, not on the size of the group.
/// </summary>
public static class ChangeImpactAnalyzer
{
    private static readonly EtherType[] Families = [EtherType.IPv4, EtherType.IPv6];

    /// <param name="portFilter">The ports to consider (a tenant's own); every port when null.</param>
    public static ImmutableArray<PortImpact> Compute(PolicySnapshot before, PolicySnapshot after, Func<Port, bool>? portFilter = null)
    {
        var indexBefore = new PolicyIndex(before);
        var indexAfter = new PolicyIndex(after);
        var afterPorts = after.Ports.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var mayMatter = PortFilter(before, after, indexBefore, indexAfter);
        var impacts = new List<PortImpact>();
        foreach (var port in before.Ports.Where(p => portFilter?.Invoke(p) ?? true).OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (!afterPorts.TryGetValue(port.Id, out var portAfter) || !mayMatter(port, portAfter))
            {
                continue;
            }

            var impact = Compute(indexBefore.Build(port), indexAfter.Build(portAfter));
            if (!impact.Changes.IsEmpty || impact.StatefulBefore != impact.StatefulAfter)
            {
                impacts.Add(impact);
            }
        }

        return [.. impacts];
    }

    /// <summary>
    /// Whether a port's verdicts may change, decided without building its policies: only when the
    /// groups bound to it differ, one of them was changed (<see cref="ProposedChange.ApplyTo"/>
    /// keeps every untouched group as the same object), or one of their rules names a remote group
    /// whose members moved or an address group that changed. Most ports of a large store are none
    /// of these.
    /// </summary>
    private static Func<Port, Port, bool> PortFilter(PolicySnapshot before, PolicySnapshot after, PolicyIndex indexBefore, PolicyIndex indexAfter)
    {
        var groupsAfter = after.Groups.ToDictionary(g => g.Id, StringComparer.Ordinal);
        var groupsBefore = before.Groups.ToDictionary(g => g.Id, StringComparer.Ordinal);
        var touched = before.Groups.Where(g => !groupsAfter.TryGetValue(g.Id, out var now) || !ReferenceEquals(now, g)).Select(g => g.Id)
            .Concat(after.Groups.Where(g => !groupsBefore.ContainsKey(g.Id)).Select(g => g.Id))
            .ToHashSet(StringComparer.Ordinal);
        var moved = groupsBefore.Keys.Union(groupsAfter.Keys)
            .Where(id => !indexBefore.MembersOf(id).SequenceEqual(indexAfter.MembersOf(id)))
            .ToHashSet(StringComparer.Ordinal);
        var addressGroupsAfter = after.AddressGroups.ToDictionary(g => g.Id, StringComparer.Ordinal);
        var changedAddressGroups = before.AddressGroups.Where(g => !addressGroupsAfter.TryGetValue(g.Id, out var now) || now != g).Select(g => g.Id)
            .Concat(after.AddressGroups.Where(g => !before.AddressGroups.Any(b => b.Id == g.Id)).Select(g => g.Id))
            .ToHashSet(StringComparer.Ordinal);
        bool NamesMoved(string groupId) => groupsBefore.TryGetValue(groupId, out var group) && group.Rules.Any(r => r.Remote switch
        {
            Remote.Group remote => moved.Contains(remote.GroupId),
            Remote.AddressGroup addressGroup => changedAddressGroups.Contains(addressGroup.AddressGroupId),
            _ => false,
        });

        return (port, portAfter) =>
        {
            var bound = indexBefore.BoundGroupIds(port);
            return !bound.SequenceEqual(indexAfter.BoundGroupIds(portAfter)) || bound.Any(id => touched.Contains(id) || NamesMoved(id));
        };
    }

    public static PortImpact Compute(EffectivePolicy before, EffectivePolicy after)
    {
        var port = before.Port;
        var changes = new List<FlowChange>();
        if (port.PortSecurityEnabled)
        {
            var resolverBefore = new RegionResolver(before);
            var resolverAfter = new RegionResolver(after);
            var changed = ChangedRegions(before, after, resolverBefore, resolverAfter);
            var changedIds = changed.Select(r => r.Rule.Id).ToHashSet(StringComparer.Ordinal);
            var shared = new Dictionary<SecurityGroupRule, RuleRegion>(ReferenceEqualityComparer.Instance);
            foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
            {
                var clips = changed.Where(r => r.Direction == direction).ToList();
                if (clips.Count == 0)
                {
                    continue;
                }

                // Rules that cannot overlap a changed box (direction, family, protocol, port axis) are left out before their peers are resolved.
                bool MayOverlap(SecurityGroupRule rule)
                {
                    var (first, last) = RuleRegion.PortAxis(rule.Protocol, rule.PortRangeMin, rule.PortRangeMax);
                    var protocol = rule.Protocol.IsAny ? RuleRegion.AnyProtocol : rule.Protocol.Number!.Value;
                    // A prefix's peers are one interval: checked without building its address set.
                    var peers = rule.Remote is Remote.Prefix prefix ? AddressKey.Interval(prefix.Network) : ((UInt128, UInt128)?)null;
                    return clips.Any(c => c.EtherType == rule.EtherType
                        && (c.Protocol == RuleRegion.AnyProtocol || protocol == RuleRegion.AnyProtocol || c.Protocol == protocol)
                        && first <= c.PortLast && last >= c.PortFirst
                        && (peers is not { } interval || c.Addresses.Overlaps(interval.Item1, interval.Item2)));
                }

                // A rule that overlaps no changed box in every dimension adds no peer inside any of them.
                bool Overlaps(RuleRegion region) => clips.Any(c => c.EtherType == region.EtherType
                    && (c.Protocol == RuleRegion.AnyProtocol || region.Protocol == RuleRegion.AnyProtocol || c.Protocol == region.Protocol)
                    && region.PortFirst <= c.PortLast && region.PortLast >= c.PortFirst
                    && region.Addresses.Overlaps(c.Addresses));

                // A rule the change leaves alone (same record, same peers) has the same box on both sides: resolve it once.
                RuleRegion Shared(SecurityGroupRule rule)
                {
                    if (!shared.TryGetValue(rule, out var region))
                    {
                        shared[rule] = region = resolverBefore.Resolve(rule);
                    }

                    return region;
                }

                var layerBefore = new FlowSpaceLayer(before, direction, r => changedIds.Contains(r.Id) ? resolverBefore.Resolve(r) : Shared(r), MayOverlap, Overlaps);
                var layerAfter = new FlowSpaceLayer(after, direction, r => changedIds.Contains(r.Id) ? resolverAfter.Resolve(r) : Shared(r), MayOverlap, Overlaps);
                foreach (var family in Families)
                {
                    changes.AddRange(Diff(layerBefore, layerAfter, family, [.. clips.Where(r => r.EtherType == family)]));
                }
            }
        }

        return new(port.Id, port.ProjectId, [.. changes], before.Stateful, after.Stateful);
    }

    /// <summary>
    /// Regions of rules present on one side only, or whose peers differ between the sides (both
    /// versions then). Rules are compared as records, and only those naming a remote group or
    /// address group whose addresses changed are resolved again, so an unchanged rule costs a lookup.
    /// </summary>
    private static List<RuleRegion> ChangedRegions(EffectivePolicy before, EffectivePolicy after, RegionResolver resolverBefore, RegionResolver resolverAfter)
    {
        var rulesBefore = before.Rules.Select(r => r.Rule).DistinctBy(r => r.Id).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var rulesAfter = after.Rules.Select(r => r.Rule).DistinctBy(r => r.Id).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var movedGroups = Moved(before.RemoteGroups, after.RemoteGroups);
        var movedAddressGroups = Moved(before.AddressGroups, after.AddressGroups);
        bool PeersMoved(SecurityGroupRule rule) => rule.Remote switch
        {
            Remote.Group group => movedGroups.Contains(group.GroupId),
            Remote.AddressGroup addressGroup => movedAddressGroups.Contains(addressGroup.AddressGroupId),
            _ => false,
        };

        var changed = new List<RuleRegion>();
        foreach (var (id, rule) in rulesBefore)
        {
            if (!rulesAfter.TryGetValue(id, out var now) || (!ReferenceEquals(now, rule) && now != rule) || PeersMoved(rule))
            {
                changed.Add(resolverBefore.Resolve(rule));
            }
        }

        foreach (var (id, rule) in rulesAfter)
        {
            if (!rulesBefore.TryGetValue(id, out var was) || (!ReferenceEquals(was, rule) && was != rule) || PeersMoved(rule))
            {
                changed.Add(resolverAfter.Resolve(rule));
            }
        }

        return [.. changed.Where(r => !r.Addresses.IsEmpty)];
    }

    /// <summary>The groups whose addresses differ between the two sides (a group on one side only counts as moved).</summary>
    private static HashSet<string> Moved(
        ImmutableDictionary<string, ImmutableArray<System.Net.IPNetwork>> before,
        ImmutableDictionary<string, ImmutableArray<System.Net.IPNetwork>> after)
    {
        var moved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in before.Keys.Concat(after.Keys))
        {
            var was = before.GetValueOrDefault(id, []);
            var now = after.GetValueOrDefault(id, []);
            if (!was.SequenceEqual(now))
            {
                moved.Add(id);
            }
        }

        return moved;
    }

    private static IEnumerable<FlowChange> Diff(FlowSpaceLayer before, FlowSpaceLayer after, EtherType family, List<RuleRegion> changed)
    {
        if (changed.Count == 0)
        {
            yield break;
        }

        var buckets = FlowSpaceLayer.Buckets(family, before, after);
        foreach (var bucket in buckets)
        {
            var clips = changed.Where(r => r.Protocol == RuleRegion.AnyProtocol || r.Protocol == bucket).ToList();
            if (clips.Count == 0)
            {
                continue;
            }

            var cuts = FlowSpaceLayer.Cuts(before.RulesIn(family, bucket).Concat(after.RulesIn(family, bucket))
                .Concat(before.PlatformIn(family, bucket)).Concat(clips));

            // The peers of the changed boxes on a piece, computed once per distinct set of active boxes.
            var clipCache = new Dictionary<string, AddressSet>(StringComparer.Ordinal);
            var single = clips.Count == 1 ? clips[0] : null;
            var empty = AddressSet.Empty(family);
            AddressSet ClipAt(int first, int last)
            {
                if (single is not null)
                {
                    return single.PortFirst <= first && single.PortLast >= last ? single.Addresses : empty;
                }

                var active = clips.Where(c => c.PortFirst <= first && c.PortLast >= last).ToList();
                var key = string.Join('\u0001', active.Select(c => c.Rule.Id));
                if (!clipCache.TryGetValue(key, out var clip))
                {
                    clipCache[key] = clip = AddressSet.Union(family, active.Select(c => c.Addresses));
                }

                return clip;
            }

            var piecesBefore = before.Sweep(family, bucket, cuts, ClipAt, withRules: false);
            var piecesAfter = after.Sweep(family, bucket, cuts, ClipAt, withRules: false);
            var gained = new List<(int, int, AddressSet, List<RuleRegion>)>();
            var lost = new List<(int, int, AddressSet, List<RuleRegion>)>();
            for (var i = 0; i < cuts.Length; i++)
            {
                var first = cuts[i];
                var last = i + 1 < cuts.Length ? cuts[i + 1] - 1 : RuleRegion.PortAxisMax;
                var allowedBefore = piecesBefore[i].Allowed;
                var allowedAfter = piecesAfter[i].Allowed;
                if (allowedBefore.Equals(allowedAfter))
                {
                    continue;
                }

                var active = clips.Where(c => c.PortFirst <= first && c.PortLast >= last).ToList();
                var opened = allowedAfter.Except(allowedBefore);
                var closed = allowedBefore.Except(allowedAfter);
                if (!opened.IsEmpty)
                {
                    gained.Add((first, last, opened, [.. active.Where(c => c.Addresses.Overlaps(opened))]));
                }

                if (!closed.IsEmpty)
                {
                    lost.Add((first, last, closed, [.. active.Where(c => c.Addresses.Overlaps(closed))]));
                }
            }

            foreach (var cell in FlowClasses.Merge(lost))
            {
                yield return new(FlowClasses.Create(before.Direction, family, bucket, buckets, cell.First, cell.Last, cell.Peers, cell.Rules), Verdict.Allow, Verdict.Drop);
            }

            foreach (var cell in FlowClasses.Merge(gained))
            {
                yield return new(FlowClasses.Create(before.Direction, family, bucket, buckets, cell.First, cell.Last, cell.Peers, cell.Rules), Verdict.Drop, Verdict.Allow);
            }
        }
    }
}
