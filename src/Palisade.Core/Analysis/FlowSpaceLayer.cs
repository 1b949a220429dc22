using System.Collections.Immutable;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Analysis;

/// <summary>
/// What one port's policy allows in one direction, as boxes to be swept: the first packet of a
/// flow that reaches step 5 of design.md §2 (port security on, not infrastructure, not spoofed)
/// passes when no platform policy denies it (step 5) and its peer is in an intra-subnet CIDR
/// (step 6) or some rule matches (step 7). Rules become <see cref="RuleRegion"/>s and platform
/// policies boxes of the same shape, so that on one elementary interval of the port axis (where
/// no box starts or ends) each box either applies to the whole interval or not at all, and what
/// passes is a set of peers: (union of rule peers ∪ intra-subnet) \ union of denied peers.
/// </summary>
internal sealed class FlowSpaceLayer
{
    private readonly Dictionary<EtherType, List<RuleRegion>> regions = [];
    private readonly Dictionary<EtherType, List<RuleRegion>> platform = [];
    private readonly Dictionary<EtherType, AddressSet> intra = [];

    /// <param name="keep">Which rules take part (what-if keeps those that may overlap the change); all when null. Checked before peers are resolved.</param>
    /// <param name="keepRegion">The same question once the peers are resolved.</param>
    public FlowSpaceLayer(EffectivePolicy policy, Direction direction, RegionResolver resolver, Func<SecurityGroupRule, bool>? keep = null, Func<RuleRegion, bool>? keepRegion = null)
        : this(policy, direction, resolver.Resolve, keep, keepRegion)
    {
    }

    /// <param name="resolve">Turns a rule into its box (what-if shares the boxes of rules the change leaves alone between before and after).</param>
    public FlowSpaceLayer(EffectivePolicy policy, Direction direction, Func<SecurityGroupRule, RuleRegion> resolve, Func<SecurityGroupRule, bool>? keep = null, Func<RuleRegion, bool>? keepRegion = null)
    {
        Direction = direction;
        foreach (var family in new[] { EtherType.IPv4, EtherType.IPv6 })
        {
            regions[family] = [.. policy.Rules
                .Select(r => r.Rule)
                .Where(r => r.Direction == direction && r.EtherType == family && (keep is null || keep(r)))
                .Select(resolve)
                .Where(r => !r.Addresses.IsEmpty && (keepRegion is null || keepRegion(r)))];
            platform[family] = [.. policy.PlatformPolicies
                .Where(p => p.Enabled && (p.Direction is null || p.Direction == direction))
                .Select(p => PlatformBox(p, direction, family))
                .Where(b => !b.Addresses.IsEmpty)];
            intra[family] = AddressSet.OfNetworks(family, policy.IntraSubnetCidrs);
        }
    }

    public Direction Direction { get; }

    public AddressSet Intra(EtherType family) => intra[family];

    public IReadOnlyList<RuleRegion> Regions(EtherType family) => regions[family];

    /// <summary>The protocols rules or platform policies name specifically (every other protocol behaves alike: only any-protocol boxes reach it).</summary>
    public IEnumerable<int> NamedProtocols(EtherType family) =>
        regions[family].Concat(platform[family]).Select(r => r.Protocol).Where(p => p != RuleRegion.AnyProtocol);

    /// <summary>The boxes that apply to a protocol bucket (a protocol, or <see cref="RuleRegion.AnyProtocol"/> for every unnamed one).</summary>
    public IEnumerable<RuleRegion> RulesIn(EtherType family, int bucket) => InBucket(regions[family], bucket);

    public IEnumerable<RuleRegion> PlatformIn(EtherType family, int bucket) => InBucket(platform[family], bucket);

    /// <summary>
    /// Sweeps the pieces of a bucket's port axis that start at <paramref name="cuts"/> (every box
    /// edge must be a cut): for each piece, the peers allowed, within the clip
    /// <paramref name="clipAt"/> gives for it (null: no clip; empty: skip the piece). Boxes that
    /// cover the whole axis are unioned once; the others enter and leave an active list as the
    /// sweep passes their edges, so each piece costs its active boxes, not every rule.
    /// </summary>
    public List<(AddressSet Allowed, List<RuleRegion>? Rules)> Sweep(EtherType family, int bucket, int[] cuts, Func<int, int, AddressSet?>? clipAt, bool withRules)
    {
        var rules = RulesIn(family, bucket).ToList();
        var denials = PlatformIn(family, bucket).ToList();
        var whole = rules.Where(r => r.HasFullPortAxis).ToList();
        var partial = rules.Where(r => !r.HasFullPortAxis).OrderBy(r => r.PortFirst).ToList();
        var wholeUnion = AddressSet.Union(family, whole.Select(r => r.Addresses).Append(intra[family]));
        var active = new List<RuleRegion>();
        var next = 0;
        AddressSet? lastClip = null;
        var clippedWhole = wholeUnion;
        var pieces = new List<(AddressSet, List<RuleRegion>?)>(cuts.Length);
        for (var i = 0; i < cuts.Length; i++)
        {
            var first = cuts[i];
            var last = i + 1 < cuts.Length ? cuts[i + 1] - 1 : RuleRegion.PortAxisMax;
            active.RemoveAll(r => r.PortLast < first);
            while (next < partial.Count && partial[next].PortFirst <= first)
            {
                if (partial[next].PortLast >= first)
                {
                    active.Add(partial[next]);
                }

                next++;
            }

            var clip = clipAt?.Invoke(first, last);
            if (clip is { IsEmpty: true })
            {
                pieces.Add((AddressSet.Empty(family), null));
                continue;
            }

            if (clip is not null && !ReferenceEquals(clip, lastClip))
            {
                clippedWhole = wholeUnion.Intersect(clip);
                lastClip = clip;
            }

            // The active boxes' peers merged among themselves first (few intervals, sorted), then in one pass with the whole-axis union (many).
            var allowed = active.Count == 0
                ? clippedWhole
                : clippedWhole.Union(AddressSet.Union(family, active.Select(r => clip is null ? r.Addresses : r.Addresses.Intersect(clip))));

            var denied = denials.Count > 0 ? denials.Where(d => d.PortFirst <= first && d.PortLast >= last).Select(d => d.Addresses).ToList() : null;
            if (denied is { Count: > 0 })
            {
                allowed = allowed.Except(AddressSet.Union(family, denied));
            }

            // Without a clip or a denial every rule on the piece allows some of its peers (their peers are not empty);
            // otherwise only those whose peers survive.
            pieces.Add((allowed, !withRules ? null
                : clip is null && denied is not { Count: > 0 } ? [.. whole, .. active]
                : [.. whole.Concat(active).Where(r => r.Addresses.Overlaps(allowed))]));
        }

        return pieces;
    }

    private static IEnumerable<RuleRegion> InBucket(List<RuleRegion> boxes, int bucket) =>
        boxes.Where(r => r.Protocol == RuleRegion.AnyProtocol || r.Protocol == bucket);

    /// <summary>A platform policy as a box: an empty CIDR list denies every peer; CIDRs of the other family deny none of this one.</summary>
    private static RuleRegion PlatformBox(PlatformPolicy policy, Direction direction, EtherType family)
    {
        var addresses = policy.Cidrs.IsDefaultOrEmpty ? AddressSet.Everything(family) : AddressSet.OfNetworks(family, policy.Cidrs);
        var rule = new SecurityGroupRule(policy.Id, "", direction, family, policy.Protocol, policy.PortRangeMin, policy.PortRangeMax);
        return RuleRegion.Of(rule, addresses);
    }

    /// <summary>The starts of the elementary intervals the boxes cut the port axis into (0 first).</summary>
    public static int[] Cuts(IEnumerable<RuleRegion> boxes)
    {
        var cuts = new SortedSet<int> { 0 };
        foreach (var box in boxes)
        {
            cuts.Add(box.PortFirst);
            if (box.PortLast < RuleRegion.PortAxisMax)
            {
                cuts.Add(box.PortLast + 1);
            }
        }

        return [.. cuts];
    }

    public static ImmutableArray<int> Buckets(EtherType family, params FlowSpaceLayer[] layers) =>
        [.. layers.SelectMany(l => l.NamedProtocols(family)).Distinct().Order().Append(RuleRegion.AnyProtocol)];
}
