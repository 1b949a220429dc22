namespace Palisade.Core.Classification;

/// <summary>
/// The addresses one node of the classifier accepts: everything, or a merged interval set plus the
/// remote-group sets it names. Groups stay by reference so that many rules naming one large group
/// cost one set, not rules × members.
/// </summary>
internal sealed class AddressMatch(bool all, IntervalSet intervals, int[] groups)
{
    public bool Matches(UInt128 address, IntervalSet[] groupSets)
    {
        if (all || intervals.Contains(address))
        {
            return true;
        }

        foreach (var group in groups)
        {
            if (groupSets[group].Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
