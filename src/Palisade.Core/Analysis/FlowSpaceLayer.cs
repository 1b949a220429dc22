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

    public FlowSpaceLayer(EffectivePolicy policy, Direction direction, RegionResolver resolver)
    {
        Direction = direction;
        foreach (var family in new[] { EtherType.IPv4, EtherType.IPv6 })
        {
            regions[family] = [.. policy.Rules
                .Select(r => r.Rule)
                .Where(r => r.Direction == direction && r.EtherType == family)
                .Select(resolver.Resolve)
                .Where(r => !r.Addresses.IsEmpty)];
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
    /// The peers allowed on the elementary interval [<paramref name="first"/>, <paramref name="last"/>]
    /// of a bucket, within <paramref name="clip"/> when given, and the rules that allow some of them.
    /// <paramref name="rules"/> and <paramref name="denials"/> are the bucket's boxes, possibly pre-filtered.
    /// </summary>
    public (AddressSet Allowed, List<RuleRegion> Rules) AllowedOn(
        EtherType family, IEnumerable<RuleRegion> rules, IEnumerable<RuleRegion> denials, int first, int last, AddressSet? clip)
    {
        var active = rules.Where(r => r.PortFirst <= first && r.PortLast >= last && (clip is null || r.Addresses.Overlaps(clip))).ToList();
        var allowed = AddressSet.Union(family, active.Select(r => r.Addresses).Append(intra[family]));
        var denied = denials.Where(d => d.PortFirst <= first && d.PortLast >= last).Select(d => d.Addresses).ToList();
        if (denied.Count > 0)
        {
            allowed = allowed.Except(AddressSet.Union(family, denied));
        }

        if (clip is not null)
        {
            allowed = allowed.Intersect(clip);
        }

        return (allowed, [.. active.Where(r => r.Addresses.Overlaps(allowed))]);
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
