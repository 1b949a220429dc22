namespace Palisade.Core.Classification;

/// <summary>
/// The addresses one node of the classifier accepts: everything, or its own merged interval set
/// plus the members of the remote groups and address groups its rules name. Groups are a bit mask
/// checked against the address's mask from <see cref="GroupMembership"/>, so a node naming a large
/// group costs one AND at lookup and no copy of the members.
/// </summary>
internal sealed class AddressMatch
{
    private readonly bool all;
    private readonly IntervalSet intervals;
    private readonly ulong[]? groups;

    public AddressMatch(bool all, IntervalSet intervals, ulong[]? groups)
    {
        this.all = all;
        this.intervals = intervals;
        this.groups = groups;
    }

    public static AddressMatch Everything { get; } = new(true, IntervalSet.Empty, null);

    public int IntervalCount => intervals.Count;

    /// <summary>This node's groups and "everything", without its own intervals.</summary>
    public AddressMatch WithoutIntervals() => new(all, IntervalSet.Empty, groups);

    /// <summary>This node's own intervals only.</summary>
    public AddressMatch IntervalsOnly() => new(false, intervals, null);

    public bool Matches(ref Peer peer) =>
        all
        || intervals.Contains(peer.Address)
        || (groups is not null && GroupMembership.Intersects(groups, peer.Groups));

    /// <summary>What a port-tree leaf accepts: the union of the nodes on its path to the root.</summary>
    public static AddressMatch Union(List<AddressMatch> matches)
    {
        if (matches.Count == 1 || matches.Any(m => m.all))
        {
            return matches.Count == 1 ? matches[0] : Everything;
        }

        ulong[]? groups = null;
        foreach (var m in matches)
        {
            if (m.groups is null)
            {
                continue;
            }

            groups ??= new ulong[m.groups.Length];
            for (var i = 0; i < groups.Length; i++)
            {
                groups[i] |= m.groups[i];
            }
        }

        return new AddressMatch(false, IntervalSet.Union(matches.Select(m => m.intervals)), groups);
    }
}
