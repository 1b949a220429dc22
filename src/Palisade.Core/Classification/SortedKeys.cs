using System.Numerics;

namespace Palisade.Core.Classification;

/// <summary>
/// Disjoint sorted runs [start, end], stored as one sorted array of boundaries: each start, then
/// the value just after its end. An address is inside a run when the last boundary at or below it
/// is a start, i.e. has an even index; the run is that index / 2. Storing the boundaries together
/// saves a second, dependent cache miss on a separate array of ends at the end of every search.
/// A static B-tree over the boundaries keeps the first key of every block of <see cref="Fanout"/>
/// keys on the level above, so a search scans one short block per level, top to bottom, with few
/// dependent memory loads. All levels live in one array, the top first, and the struct sits inside
/// its owner, so a search starts at most two dependent loads from the node that owns the set (an
/// object per level behind a class per set cost four cold loads before the first comparison).
/// Touching runs give equal boundaries (an end + 1 and the next start);
/// the count of keys at or below an address is still right, so the later one, the start, wins.
/// </summary>
internal readonly struct SortedKeys<T>
    where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    private const int Fanout = 8;

    private readonly T[] keys; // every level, the top one (at most Fanout keys) first, the boundaries last
    private readonly int[] levels; // where each level starts in keys, then keys.Length

    public SortedKeys(T[] starts, T[] ends)
    {
        var boundaries = new List<T>(2 * starts.Length);
        for (var i = 0; i < starts.Length; i++)
        {
            boundaries.Add(starts[i]);
            if (ends[i] != T.MaxValue)
            {
                boundaries.Add(ends[i] + T.One); // only the last run can end at the top
            }
        }

        var built = new List<T[]> { boundaries.ToArray() };
        while (built[^1].Length > Fanout)
        {
            var below = built[^1];
            var above = new T[(below.Length + Fanout - 1) / Fanout];
            for (var i = 0; i < above.Length; i++)
            {
                above[i] = below[i * Fanout];
            }

            built.Add(above);
        }

        built.Reverse();
        keys = [.. built.SelectMany(level => level)];
        levels = new int[built.Count + 1];
        for (var level = 0; level < built.Count; level++)
        {
            levels[level + 1] = levels[level] + built[level].Length;
        }
    }

    public bool IsEmpty => keys is null;

    public bool Contains(T key) => IndexOf(key) >= 0;

    /// <summary>The index of the run that holds <paramref name="key"/>, or -1.</summary>
    public int IndexOf(T key)
    {
        var index = 0;
        for (var level = 0; level < levels.Length - 1; level++)
        {
            var offset = levels[level];
            var start = offset + (index * Fanout);
            var end = Math.Min(start + Fanout, levels[level + 1]);
            var count = 0;
            for (var i = start; i < end; i++)
            {
                count += keys[i] <= key ? 1 : 0;
            }

            if (count == 0)
            {
                return -1; // below the first start of the block, and so of the whole set
            }

            index = start - offset + count - 1;
        }

        return (index & 1) == 0 ? index >> 1 : -1;
    }
}
