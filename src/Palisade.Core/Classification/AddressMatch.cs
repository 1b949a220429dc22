namespace Palisade.Core.Classification;

/// <summary>
/// The addresses one node of the classifier accepts: everything, or its own merged interval set
/// plus the merged members of the remote groups its rules name. Nodes that name the same groups
/// share one member set, so many rules naming one large group cost one set, not rules × members.
/// </summary>
internal sealed class AddressMatch
{
    private readonly bool all;
    private readonly IntervalSet intervals;
    private readonly IntervalSet groupMembers;

    public AddressMatch(bool all, IntervalSet intervals, IntervalSet groupMembers)
    {
        this.all = all;
        this.intervals = intervals;
        this.groupMembers = groupMembers;
    }

    public static AddressMatch Everything { get; } = new(true, IntervalSet.Empty, IntervalSet.Empty);

    public bool Matches(UInt128 address) => all || intervals.Contains(address) || groupMembers.Contains(address);
}
