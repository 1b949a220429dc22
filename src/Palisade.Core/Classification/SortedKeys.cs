using System.Numerics;

namespace Palisade.Core.Classification;

/// <summary>
/// Disjoint sorted runs [start, end] with a static B-tree over the starts: each upper level keeps
/// the first key of every block of <see cref="Fanout"/> keys below it, so a search scans one short
/// block per level, top to bottom, with few dependent memory loads.
/// </summary>
internal sealed class SortedKeys<T>
    where T : struct, IComparisonOperators<T, T, bool>
{
    private const int Fanout = 8;

    private readonly T[][] levels; // levels[0] = the starts; the last level has at most Fanout keys
    private readonly T[] ends;

    public SortedKeys(T[] starts, T[] ends)
    {
        this.ends = ends;
        var built = new List<T[]> { starts };
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

        levels = [.. built];
    }

    public bool Contains(T key)
    {
        var index = 0;
        for (var level = levels.Length - 1; level >= 0; level--)
        {
            var keys = levels[level];
            var start = index * Fanout;
            var end = Math.Min(start + Fanout, keys.Length);
            var count = 0;
            for (var i = start; i < end; i++)
            {
                count += keys[i] <= key ? 1 : 0;
            }

            if (count == 0)
            {
                return false; // below the first start of the block, and so of the whole set
            }

            index = start + count - 1;
        }

        return key <= ends[index];
    }
}
