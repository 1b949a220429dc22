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
        var impacts = new List<PortImpact>();
        foreach (var port in before.Ports.Where(p => portFilter?.Invoke(p) ?? true).OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (!afterPorts.TryGetValue(port.Id, out var portAfter))
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

    public static PortImpact Compute(EffectivePolicy before, EffectivePolicy after)
    {
        var port = before.Port;
        var changes = new List<FlowChange>();
        if (port.PortSecurityEnabled)
        {
            var resolverBefore = new RegionResolver(before);
            var resolverAfter = new RegionResolver(after);
            var changed = ChangedRegions(before, after, resolverBefore, resolverAfter);
            foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
            {
                if (changed.Any(r => r.Direction == direction))
                {
                    var layerBefore = new FlowSpaceLayer(before, direction, resolverBefore);
                    var layerAfter = new FlowSpaceLayer(after, direction, resolverAfter);
                    foreach (var family in Families)
                    {
                        changes.AddRange(Diff(layerBefore, layerAfter, family, [.. changed.Where(r => r.Direction == direction && r.EtherType == family)]));
                    }
                }
            }
        }

        return new(port.Id, port.ProjectId, [.. changes], before.Stateful, after.Stateful);
    }

    /// <summary>Regions of rules present on one side only, or whose peers differ between the sides (both versions then).</summary>
    private static List<RuleRegion> ChangedRegions(EffectivePolicy before, EffectivePolicy after, RegionResolver resolverBefore, RegionResolver resolverAfter)
    {
        var regionsBefore = before.Rules.Select(r => r.Rule).DistinctBy(r => r.Id).ToDictionary(r => r.Id, resolverBefore.Resolve, StringComparer.Ordinal);
        var regionsAfter = after.Rules.Select(r => r.Rule).DistinctBy(r => r.Id).ToDictionary(r => r.Id, resolverAfter.Resolve, StringComparer.Ordinal);
        var changed = new List<RuleRegion>();
        foreach (var (id, region) in regionsBefore)
        {
            if (!regionsAfter.TryGetValue(id, out var now) || !now.SameFlows(region))
            {
                changed.Add(region);
            }
        }

        foreach (var (id, region) in regionsAfter)
        {
            if (!regionsBefore.TryGetValue(id, out var was) || !was.SameFlows(region))
            {
                changed.Add(region);
            }
        }

        return [.. changed.Where(r => !r.Addresses.IsEmpty)];
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

            // Only rules that overlap a changed box can change what passes inside it.
            var rulesBefore = before.RulesIn(family, bucket).Where(r => Overlaps(r, clips)).ToList();
            var rulesAfter = after.RulesIn(family, bucket).Where(r => Overlaps(r, clips)).ToList();
            var denials = before.PlatformIn(family, bucket).ToList();
            var cuts = FlowSpaceLayer.Cuts(rulesBefore.Concat(rulesAfter).Concat(denials).Concat(clips));
            var gained = new List<(int, int, AddressSet, List<RuleRegion>)>();
            var lost = new List<(int, int, AddressSet, List<RuleRegion>)>();
            for (var i = 0; i < cuts.Length; i++)
            {
                var first = cuts[i];
                var last = i + 1 < cuts.Length ? cuts[i + 1] - 1 : RuleRegion.PortAxisMax;
                var active = clips.Where(c => c.PortFirst <= first && c.PortLast >= last).ToList();
                if (active.Count == 0)
                {
                    continue;
                }

                var clip = AddressSet.Union(family, active.Select(c => c.Addresses));
                var (allowedBefore, _) = before.AllowedOn(family, rulesBefore, denials, first, last, clip);
                var (allowedAfter, _) = after.AllowedOn(family, rulesAfter, denials, first, last, clip);
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

    private static bool Overlaps(RuleRegion region, List<RuleRegion> clips) =>
        clips.Any(c => region.PortFirst <= c.PortLast && region.PortLast >= c.PortFirst && region.Addresses.Overlaps(c.Addresses));
}
