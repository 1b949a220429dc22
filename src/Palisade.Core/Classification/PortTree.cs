namespace Palisade.Core.Classification;

/// <summary>
/// A segment tree over the 16-bit port space (or ICMP type × 256 + code). The elementary segments
/// are cut at every range boundary; each rule is stored at the O(log n) nodes that exactly cover
/// its range, so wide ranges such as 1024–65535 are not copied into every segment. A lookup finds
/// the port's segment by binary search and checks the address sets on the path from that leaf to
/// the root: about log2(segments) steps, most of them on empty nodes.
/// </summary>
internal sealed class PortTree
{
    private readonly int[] bounds;
    private readonly int leafBase;
    private readonly AddressMatch?[] nodes;

    private PortTree(int[] bounds, int leafBase, AddressMatch?[] nodes)
    {
        this.bounds = bounds;
        this.leafBase = leafBase;
        this.nodes = nodes;
    }

    public static PortTree Build(List<(int Low, int High, RemoteTarget Remote)> entries)
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

        return new PortTree(bounds, leafBase, [.. builders.Select(b => b?.Build())]);
    }

    public bool Matches(int port, UInt128 address, IntervalSet[] groupSets)
    {
        for (var node = SegmentOf(bounds, port) + leafBase; node >= 1; node >>= 1)
        {
            var match = nodes[node];
            if (match is not null && match.Matches(address, groupSets))
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
