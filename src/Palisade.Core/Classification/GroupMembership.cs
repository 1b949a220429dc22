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
    private readonly IntervalSet runs;
    private readonly ulong[] masks; // MaskWords words per run of runs

    private GroupMembership(IntervalSet runs, ulong[] masks, int maskWords)
    {
        this.runs = runs;
        this.masks = masks;
        MaskWords = maskWords;
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

        return new GroupMembership(IntervalSet.OfRuns([.. starts], [.. ends]), [.. runMasks], maskWords);
    }

    /// <summary>The mask of the groups holding <paramref name="address"/>; empty when none does.</summary>
    public ReadOnlySpan<ulong> Of(UInt128 address)
    {
        var run = runs.IndexOf(address);
        return run < 0 ? [] : masks.AsSpan(run * MaskWords, MaskWords);
    }

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

/// <summary>
/// The peer of one lookup: its address as a number, and its group mask, searched only the first
/// time a node that names groups is reached without its own intervals matching (many lookups never
/// need it, and the search is a few cache misses).
/// </summary>
internal ref struct Peer
{
    private readonly GroupMembership membership;
    private bool searched;
    private ReadOnlySpan<ulong> groups;

    public Peer(UInt128 address, GroupMembership membership)
    {
        Address = address;
        this.membership = membership;
    }

    public UInt128 Address { get; }

    public ReadOnlySpan<ulong> Groups
    {
        get
        {
            if (!searched)
            {
                groups = membership.Of(Address);
                searched = true;
            }

            return groups;
        }
    }
}
