namespace Palisade.Core.Classification;

/// <summary>
/// Which remote groups and address groups of one family hold an address, as a bit mask over the
/// group indices of the classifier. The members of all groups are cut into elementary runs, each
/// with the mask of the groups that cover it, so one search answers for every group at once; a
/// classifier node then only ANDs its own mask of named groups with the address's mask, instead of
/// searching a merged member set per node.
/// </summary>
internal sealed class GroupMembership
{
    private const int FilterBits = 16;

    private readonly IntervalSet runs;
    private readonly ulong[] masks; // MaskWords words per run of runs

    // A quick "no group holds it" before the search: members are mostly single hosts spread over
    // the address space, so most addresses fall in a slice of it that no member touches. The
    // slices are the 16 bits after the prefix that every member shares, one bit each (8 KB).
    private readonly UInt128 low;
    private readonly UInt128 high;
    private readonly int shift;
    private readonly ulong[] slices = new ulong[(1 << FilterBits) / 64];

    private GroupMembership(UInt128[] starts, UInt128[] ends, ulong[] masks, int maskWords)
    {
        runs = IntervalSet.OfRuns(starts, ends);
        this.masks = masks;
        MaskWords = maskWords;
        if (starts.Length == 0)
        {
            (low, high) = (UInt128.MaxValue, UInt128.Zero); // nothing is in range
            return;
        }

        (low, high) = (starts[0], ends[^1]);
        shift = Math.Max(0, 128 - (int)UInt128.LeadingZeroCount(low ^ high) - FilterBits);
        for (var i = 0; i < starts.Length; i++)
        {
            for (var slice = SliceOf(starts[i]); slice <= SliceOf(ends[i]); slice++)
            {
                slices[slice >> 6] |= 1UL << slice;
            }
        }
    }

    public int MaskWords { get; }

    /// <param name="groups">Each group's index (its bit) and member intervals, all of one family.</param>
    public static GroupMembership Build(IEnumerable<(int Index, List<(UInt128 First, UInt128 Last)> Members)> groups, int maskWords)
    {
        // A sweep over the members' edges: +1 where an interval starts, -1 just after it ends.
        var edges = new List<(UInt128 At, int Group, int Delta)>();
        foreach (var (index, members) in groups)
        {
            foreach (var (first, last) in members)
            {
                edges.Add((first, index, 1));
                if (last != UInt128.MaxValue)
                {
                    edges.Add((last + 1, index, -1));
                }
            }
        }

        edges.Sort(static (a, b) => a.At.CompareTo(b.At));
        var counts = new Dictionary<int, int>();
        var active = new ulong[maskWords];
        var starts = new List<UInt128>();
        var ends = new List<UInt128>();
        var runMasks = new List<ulong>();
        for (var i = 0; i < edges.Count;)
        {
            var at = edges[i].At;
            for (; i < edges.Count && edges[i].At == at; i++)
            {
                var (_, group, delta) = edges[i];
                var count = counts[group] = counts.GetValueOrDefault(group) + delta;
                if (count > 0)
                {
                    active[group >> 6] |= 1UL << group;
                }
                else
                {
                    active[group >> 6] &= ~(1UL << group);
                }
            }

            if (active.All(w => w == 0))
            {
                continue;
            }

            // The run lasts until the next edge; only an interval ending at the top has none.
            starts.Add(at);
            ends.Add(i < edges.Count ? edges[i].At - 1 : UInt128.MaxValue);
            runMasks.AddRange(active);
        }

        return new GroupMembership([.. starts], [.. ends], [.. runMasks], maskWords);
    }

    /// <summary>The mask of the groups holding <paramref name="address"/>; empty when none does.</summary>
    public ReadOnlySpan<ulong> Of(UInt128 address)
    {
        if (address < low || address > high || (slices[SliceOf(address) >> 6] & (1UL << SliceOf(address))) == 0)
        {
            return [];
        }

        var run = runs.IndexOf(address);
        return run < 0 ? [] : masks.AsSpan(run * MaskWords, MaskWords);
    }

    /// <summary>Which slice of [low, high] holds an address of that range (all share the bits above).</summary>
    private int SliceOf(UInt128 address) => (int)(ulong)(address >> shift) & ((1 << FilterBits) - 1);

    public static bool Intersects(ulong[] named, ReadOnlySpan<ulong> ofAddress)
    {
        for (var i = 0; i < ofAddress.Length; i++)
        {
            if ((named[i] & ofAddress[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }
}
