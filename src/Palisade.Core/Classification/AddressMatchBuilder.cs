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

    public void AddFrom(AddressMatchBuilder other)
    {
        all |= other.all;
        if (!all)
        {
            intervals.AddRange(other.intervals);
            groups.UnionWith(other.groups);
        }
    }

    public AddressMatch Build() => all ? new AddressMatch(true, IntervalSet.Empty, []) : new AddressMatch(false, IntervalSet.Of(intervals), [.. groups]);
}
