using System.Numerics;

namespace Palisade.Core.Classification;

/// <summary>
/// Disjoint sorted runs [start, end], stored as one sorted array of boundaries: each start, then
/// the value just after its end. An address is inside a run when the last boundary at or below it
/// is a start, i.e. has an even index; the run is that index / 2. Storing the boundaries together
/// saves a second, dependent cache miss on a separate array of ends at the end of every search.
/// A static B-tree over the boundaries keeps the first key of every block of <see cref="Fanout"/>
/// keys on the level above, so a search scans one short block per level, top to bottom, with few
/// dependent memory loads. All levels live in one array and the struct sits inside its owner, so a
/// search is one load from the node that owns the set to the first comparison (an object per level
/// behind a class per set cost four cold loads before it).
/// Touching runs give equal boundaries (an end + 1 and the next start);
/// the count of keys at or below an address is still right, so the later one, the start, wins.
/// </summary>
internal readonly struct SortedKeys<T>
    where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    private const int FanoutBits = 3;
    private const int Fanout = 1 << FanoutBits; // eight 64-bit keys: one cache line

    // Every level in one array, the boundaries first and the top level (at most Fanout keys)
    // last. Where a level starts follows from the number of boundaries alone, so a search computes
    // it instead of loading it from a second array (that load was a cache miss of its own).
    private readonly T[] keys;
    private readonly int count; // boundaries
    private readonly int depth; // levels

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

        keys = [.. built.SelectMany(level => level)];
        count = boundaries.Count;
        depth = built.Count;
    }

    public bool IsEmpty => keys is null;

    /// <summary>Keys on a level: the boundaries on level 0, then one per block of the level below.</summary>
    private int LengthOf(int level) => (int)(((long)count - 1) >> (FanoutBits * level)) + 1;

    public bool Contains(T key) => IndexOf(key) >= 0;

    /// <summary>The index of the run that holds <paramref name="key"/>, or -1.</summary>
    public int IndexOf(T key)
    {
        var index = 0;
        var level = depth - 1;
        var length = LengthOf(level);
        var offset = keys.Length - length;
        while (true)
        {
            var start = offset + (index * Fanout);
            var end = Math.Min(start + Fanout, offset + length);
            var below = 0;
            for (var i = start; i < end; i++)
            {
                below += keys[i] <= key ? 1 : 0;
            }

            if (below == 0)
            {
                return -1; // below the first key of the block, and so of the whole set
            }

            index = start - offset + below - 1;
            if (--level < 0)
            {
                break;
            }

            length = LengthOf(level);
            offset -= length;
        }

        return (index & 1) == 0 ? index >> 1 : -1;
    }
}
