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

    /// <param name="groupUnion">The merged members of a set of groups, shared between nodes that name the same set.</param>
    public AddressMatch Build(Func<SortedSet<int>, IntervalSet> groupUnion) =>
        all ? AddressMatch.Everything : new AddressMatch(false, IntervalSet.Of(intervals), groups.Count == 0 ? IntervalSet.Empty : groupUnion(groups));
}
