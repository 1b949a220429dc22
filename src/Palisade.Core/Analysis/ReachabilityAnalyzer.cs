using System.Collections.Immutable;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Analysis;

/// <summary>
/// Who can reach a port (ingress) or what it may reach (egress): the flows that pass steps 5–7 of
/// design.md §2, computed from the rules as boxes (<see cref="FlowSpaceLayer"/>), not by trying
/// flows. Per ethertype and protocol bucket, the port axis is cut where any box starts or ends;
/// on each piece the allowed peers are one set, and consecutive pieces with the same peers and
/// rules merge into one class. Exact: a new flow is in a class exactly when the classifier allows
/// it at step 6 or 7.
/// </summary>
public static class ReachabilityAnalyzer
{
    public static Reachability Analyze(EffectivePolicy policy, Direction direction)
    {
        if (!policy.Port.PortSecurityEnabled)
        {
            ImmutableArray<FlowClass> everything = [.. new[] { EtherType.IPv4, EtherType.IPv6 }.Select(family =>
                FlowClasses.Create(direction, family, RuleRegion.AnyProtocol, [], 0, RuleRegion.PortAxisMax, AddressSet.Everything(family), []))];
            return new(policy.Port.Id, direction, false, policy.Stateful, everything, policy.IntraSubnetCidrs);
        }

        var layer = new FlowSpaceLayer(policy, direction, new RegionResolver(policy));
        var classes = new List<FlowClass>();
        foreach (var family in new[] { EtherType.IPv4, EtherType.IPv6 })
        {
            var buckets = FlowSpaceLayer.Buckets(family, layer);
            foreach (var bucket in buckets)
            {
                var cuts = FlowSpaceLayer.Cuts(layer.RulesIn(family, bucket).Concat(layer.PlatformIn(family, bucket)));
                var pieces = layer.Sweep(family, bucket, cuts, clipAt: null, withRules: true);
                var cells = pieces
                    .Select((piece, i) => (First: cuts[i], Last: i + 1 < cuts.Length ? cuts[i + 1] - 1 : RuleRegion.PortAxisMax, piece.Allowed, Rules: piece.Rules!))
                    .Where(c => !c.Allowed.IsEmpty);
                classes.AddRange(FlowClasses.Merge(cells).Select(c => FlowClasses.Create(direction, family, bucket, buckets, c.First, c.Last, c.Peers, c.Rules)));
            }
        }

        return new(policy.Port.Id, direction, true, policy.Stateful, [.. classes], policy.IntraSubnetCidrs);
    }
}
