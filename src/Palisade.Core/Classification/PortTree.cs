namespace Palisade.Core.Classification;

/// <summary>
/// Rules keyed by port (or ICMP type × 256 + code) over the elementary segments cut at every
/// range boundary. Each rule is stored at the O(log n) nodes of a segment tree that exactly cover
/// its range, so a wide range such as 1024–65535 is stored once, not per segment. A lookup finds
/// the port's segment and checks the address sets on the path from that leaf to the root, most of
/// them empty. (Pushing every path's union down to the leaves was measured: no faster lookups at
/// 10,000 rules and three times the build time, so the tree stays.)
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

    public static PortTree Build(List<(int Low, int High, RemoteTarget Remote)> entries, Func<SortedSet<int>, IntervalSet> groupUnion)
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

        AddressMatch?[] nodes = [.. builders.Select(b => b?.Build(groupUnion))];
        return new PortTree(bounds, leafBase, nodes);
    }

    public bool Matches(int port, UInt128 address)
    {
        for (var node = SegmentOf(bounds, port) + leafBase; node >= 1; node >>= 1)
        {
            if (nodes[node]?.Matches(address) == true)
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
