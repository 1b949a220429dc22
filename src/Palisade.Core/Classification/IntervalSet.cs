namespace Palisade.Core.Classification;

/// <summary>
/// A union of address intervals, merged into sorted disjoint runs so that membership is one binary
/// search. Rules are allow-only and unioned, so merging the addresses of many rules loses nothing.
/// </summary>
internal sealed class IntervalSet
{
    private readonly UInt128[] starts;
    private readonly UInt128[] ends;

    private IntervalSet(UInt128[] starts, UInt128[] ends)
    {
        this.starts = starts;
        this.ends = ends;
    }

    public static IntervalSet Empty { get; } = new([], []);

    public int Count => starts.Length;

    public static IntervalSet Of(List<(UInt128 First, UInt128 Last)> intervals)
    {
        if (intervals.Count == 0)
        {
            return Empty;
        }

        intervals.Sort((a, b) => a.First.CompareTo(b.First));
        var starts = new List<UInt128>(intervals.Count);
        var ends = new List<UInt128>(intervals.Count);
        var (first, last) = intervals[0];
        foreach (var (nextFirst, nextLast) in intervals.Skip(1))
        {
            // Adjacent runs merge too; "last + 1" cannot overflow here because nextFirst > last then.
            if (nextFirst <= last || nextFirst == last + 1)
            {
                if (nextLast > last)
                {
                    last = nextLast;
                }

                continue;
            }

            starts.Add(first);
            ends.Add(last);
            (first, last) = (nextFirst, nextLast);
        }

        starts.Add(first);
        ends.Add(last);
        return new IntervalSet([.. starts], [.. ends]);
    }

    public bool Contains(UInt128 key)
    {
        var lo = 0;
        var hi = starts.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (starts[mid] <= key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        // hi is now the last run that starts at or before the key.
        return hi >= 0 && key <= ends[hi];
    }
}
