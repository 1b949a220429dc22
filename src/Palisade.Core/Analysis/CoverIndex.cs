using Palisade.Core.Model;

namespace Palisade.Core.Analysis;

/// <summary>
/// The rule regions of one group, indexed to answer "which one rule covers this region?" without
/// comparing it with every rule. Regions are split by direction, ethertype and protocol, then by
/// address set. A prefix set is only contained in the prefixes that are its ancestors (CIDR blocks
/// nest or are disjoint), so those are found by masking the region's prefix (or the smallest
/// block holding its set) at each shorter length: at most 33 (IPv4) or 129 (IPv6) look-ups. Sets
/// that are not one block (ranges, remote groups, address groups) are few in practice and are each
/// tested for containment. Within one address set, the regions are sorted by port-axis start and
/// carry a running maximum of their ends, so "some region starts at or before mine and ends at or
/// after mine" is one binary search. Cost per query: O(bits · log n + non-prefix sets).
/// </summary>
internal sealed class CoverIndex
{
    private readonly Dictionary<(Direction, EtherType, int), Bucket> buckets = [];

    public CoverIndex(IEnumerable<RuleRegion> regions)
    {
        foreach (var group in regions.Where(r => !r.Addresses.IsEmpty).GroupBy(r => (r.Direction, r.EtherType, r.Protocol)))
        {
            buckets[group.Key] = new Bucket(group);
        }
    }

    /// <summary>
    /// A region of this index, other than <paramref name="region"/> itself, that allows every flow
    /// <paramref name="region"/> allows, or null. When <paramref name="region"/> is in this index
    /// and several regions allow exactly the same flows, only the first (in port order, then rule
    /// id) is not covered, so that removing every covered rule keeps the policy unchanged.
    /// <paramref name="accept"/> may refuse a candidate (the caller's tie-break between groups).
    /// </summary>
    public RuleRegion? FindCover(RuleRegion region, Func<RuleRegion, bool>? accept = null)
    {
        if (region.Addresses.IsEmpty)
        {
            return null;
        }

        if (buckets.TryGetValue((region.Direction, region.EtherType, region.Protocol), out var own)
            && own.FindCover(region, accept) is { } sameProtocol)
        {
            return sameProtocol;
        }

        return region.Protocol != RuleRegion.AnyProtocol
            && buckets.TryGetValue((region.Direction, region.EtherType, RuleRegion.AnyProtocol), out var any)
            ? any.FindCover(region, accept)
            : null;
    }

    private sealed class Bucket
    {
        private readonly Dictionary<(UInt128 First, int Length), CoverList> byPrefix = [];
        private readonly List<(AddressSet Set, CoverList List)> others = [];

        public Bucket(IEnumerable<RuleRegion> regions)
        {
            foreach (var set in regions.GroupBy(r => r.Addresses))
            {
                var list = new CoverList(set);
                if (set.Key.Prefix is { } prefix)
                {
                    byPrefix[prefix] = list;
                }
                else
                {
                    others.Add((set.Key, list));
                }
            }
        }

        public RuleRegion? FindCover(RuleRegion region, Func<RuleRegion, bool>? accept)
        {
            var addresses = region.Addresses;
            var bits = AddressSet.Bits(addresses.Family);
            var (first, length) = addresses.Prefix ?? addresses.Hull();
            for (var l = length; l >= 0; l--)
            {
                if (byPrefix.TryGetValue((AddressSet.MaskOf(first, l, bits), l), out var list) && list.FindCover(region, accept) is { } found)
                {
                    return found;
                }
            }

            foreach (var (set, list) in others)
            {
                if (set.Contains(addresses) && list.FindCover(region, accept) is { } found)
                {
                    return found;
                }
            }

            return null;
        }
    }

    /// <summary>Regions of one address set, sorted by port-axis start (then widest first, then rule id), with a running maximum of ends.</summary>
    private sealed class CoverList
    {
        private readonly RuleRegion[] regions;
        private readonly int[] widest; // widest[i]: index in 0..i of the region ending last (first such)
        private readonly Dictionary<RuleRegion, int> positions = new(ReferenceEqualityComparer.Instance);

        public CoverList(IEnumerable<RuleRegion> members)
        {
            regions = [.. members
                .OrderBy(r => r.PortFirst)
                .ThenByDescending(r => r.PortLast)
                .ThenBy(r => r.Rule.GroupId, StringComparer.Ordinal)
                .ThenBy(r => r.Rule.Id, StringComparer.Ordinal)];
            widest = new int[regions.Length];
            for (var i = 0; i < regions.Length; i++)
            {
                widest[i] = i > 0 && regions[widest[i - 1]].PortLast >= regions[i].PortLast ? widest[i - 1] : i;
                positions[regions[i]] = i;
            }
        }

        public RuleRegion? FindCover(RuleRegion region, Func<RuleRegion, bool>? accept)
        {
            // Only earlier regions can cover one of the list's own: later ones start after it, or
            // start with it and end no later (equal ones count once, the first).
            var last = positions.TryGetValue(region, out var self) ? self - 1 : LastStartingAtOrBefore(region.PortFirst);
            if (last < 0 || regions[widest[last]].PortLast < region.PortLast)
            {
                return null;
            }

            var candidate = regions[widest[last]];
            if (accept is null || accept(candidate))
            {
                return candidate;
            }

            // The widest one was refused: look for any other (rare: only equal regions are refused).
            for (var i = 0; i <= last; i++)
            {
                if (regions[i].PortLast >= region.PortLast && accept(regions[i]))
                {
                    return regions[i];
                }
            }

            return null;
        }

        private int LastStartingAtOrBefore(int portFirst)
        {
            int low = 0, high = regions.Length - 1, found = -1;
            while (low <= high)
            {
                var middle = (low + high) >>> 1;
                if (regions[middle].PortFirst <= portFirst)
                {
                    found = middle;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return found;
        }
    }
}
