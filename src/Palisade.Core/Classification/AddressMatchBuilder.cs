namespace Palisade.Core.Classification;

/// <summary>Collects the remotes of the rules that land on one classifier node.</summary>
internal sealed class AddressMatchBuilder
{
    private readonly List<(UInt128 First, UInt128 Last)> intervals = [];
    private readonly SortedSet<int> groups = [];
    private bool all;

    public void AddAll() => all = true;

    public void Add((UInt128 First, UInt128 Last) interval)
    {
        if (!all)
        {
            intervals.Add(interval);
        }
    }

    public void AddGroup(int group)
    {
        if (!all)
        {
            groups.Add(group);
        }
    }

    /// <param name="maskWords">The width of group masks: one bit per group index of the classifier.</param>
    public AddressMatch Build(int maskWords)
    {
        if (all)
        {
            return AddressMatch.Everything;
        }

        ulong[]? mask = null;
        if (groups.Count > 0)
        {
            mask = new ulong[maskWords];
            foreach (var group in groups)
            {
                mask[group >> 6] |= 1UL << group;
            }
        }

        return new AddressMatch(false, IntervalSet.Of(intervals), mask);
    }
}
