namespace Palisade.Core.Classification;

/// <summary>
/// Rules keyed by port (or ICMP type × 256 + code) over the elementary segments cut at every
/// range boundary. Building places each rule at the O(log n) nodes of a segment tree that exactly
/// cover its range (a wide range such as 1024–65535 is merged once, not per segment), then pushes
/// nodes down: each segment keeps one merged set for the nodes on its path to the root, so a
/// lookup is one search for the segment and one address search, not one per node on the path.
/// Groups (bit masks) and "everything" always go down, as they copy nothing; a node's own
/// intervals go down only while copying them costs at most <see cref="PushBudget"/> runs, else the
/// node stays a separate set its segments also check. Without that bound, pushing every node down
/// took a second and hundreds of MB at 100,000 rules (large sets high in the tree copied into
/// thousands of segments); with it, paths keep one or two such sets.
/// </summary>
internal sealed class PortTree
{
    /// <summary>The runs a node's intervals may add in copies when pushed down to its segments.</summary>
    private const int PushBudget = 512;

    /// <summary>Ports per entry of <see cref="firstSegment"/>.</summary>
    private const int BlockBits = 6;

    private readonly int[] bounds;
    private readonly ushort[] firstSegment; // by port >> BlockBits: the segment holding the block's first port
    private readonly AddressMatch?[] merged;
    private readonly AddressMatch[]?[] kept;

    private PortTree(int[] bounds, AddressMatch?[] merged, AddressMatch[]?[] kept)
    {
        this.bounds = bounds;
        firstSegment = new ushort[(65535 >> BlockBits) + 1];
        for (var block = 0; block < firstSegment.Length; block++)
        {
            firstSegment[block] = (ushort)SegmentOf(bounds, block << BlockBits);
        }

        this.merged = merged;
        this.kept = kept;
    }

    public static PortTree Build(List<(int Low, int High, RemoteTarget Remote)> entries, int maskWords)
    {
        var cuts = new SortedSet<int> { 0 };
        foreach (var (low, high, _) in entries)
        {
            cuts.Add(low);
            if (high < 65535)
            {
                cuts.Add(high + 1);
            }
        }

        int[] bounds = [.. cuts];
        var leafBase = 1;
        while (leafBase < bounds.Length)
        {
            leafBase <<= 1;
        }

        var builders = new AddressMatchBuilder?[2 * leafBase];
        foreach (var (low, high, remote) in entries)
        {
            var left = SegmentOf(bounds, low) + leafBase;
            var right = SegmentOf(bounds, high) + leafBase + 1;
            while (left < right)
            {
                if ((left & 1) == 1)
                {
                    remote.AddTo(builders[left] ??= new());
                    left++;
                }

                if ((right & 1) == 1)
                {
                    right--;
                    remote.AddTo(builders[right] ??= new());
                }

                left >>= 1;
                right >>= 1;
            }
        }

        // What each node contributes to the merged set of its segments, and the sets kept apart.
        var pushed = new AddressMatch?[builders.Length];
        var separate = new AddressMatch?[builders.Length];
        for (var node = 1; node < builders.Length; node++)
        {
            if (builders[node]?.Build(maskWords) is not { } match)
            {
                continue;
            }

            var depth = 31 - int.LeadingZeroCount(node); // the root, node 1, is at depth 0
            var segmentsBelow = leafBase >> depth;
            if ((long)match.IntervalCount * (segmentsBelow - 1) <= PushBudget)
            {
                pushed[node] = match;
            }
            else
            {
                pushed[node] = match.WithoutIntervals();
                separate[node] = match.IntervalsOnly();
            }
        }

        var merged = new AddressMatch?[bounds.Length];
        var kept = new AddressMatch[]?[bounds.Length];
        var path = new List<AddressMatch>();
        var apart = new List<AddressMatch>();
        for (var segment = 0; segment < bounds.Length; segment++)
        {
            path.Clear();
            apart.Clear();
            for (var node = segment + leafBase; node >= 1; node >>= 1)
            {
                if (pushed[node] is { } match)
                {
                    path.Add(match);
                }

                if (separate[node] is { } set)
                {
                    apart.Add(set);
                }
            }

            merged[segment] = path.Count == 0 ? null : AddressMatch.Union(path);
            kept[segment] = apart.Count == 0 ? null : [.. apart];
        }

        return new PortTree(bounds, merged, kept);
    }

    public bool Matches(int port, ref Peer peer)
    {
        // A table by block and a short scan, not a binary search: most blocks of 64 ports hold no
        // bound at all, and the eleven mispredicted steps of a binary search cost more than a table.
        var segment = (int)firstSegment[port >> BlockBits];
        while (segment + 1 < bounds.Length && bounds[segment + 1] <= port)
        {
            segment++;
        }

        if (merged[segment]?.Matches(ref peer) == true)
        {
            return true;
        }

        foreach (var set in kept[segment] ?? [])
        {
            if (set.Matches(ref peer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index of the segment that holds <paramref name="port"/>: the last bound at or below it.</summary>
    private static int SegmentOf(int[] bounds, int port)
    {
        var lo = 0;
        var hi = bounds.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (bounds[mid] <= port)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return hi;
    }
}
