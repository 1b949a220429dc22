namespace Palisade.Core.Classification;

/// <summary>
/// The peer of one lookup: its address as a number, and its group mask, searched only the first
/// time a node that names groups is reached without its own intervals matching (many lookups never
/// need it, and the search is a few cache misses).
/// </summary>
internal ref struct Peer
{
    private readonly GroupMembership membership;
    private bool searched;
    private ReadOnlySpan<ulong> groups;

    public Peer(UInt128 address, GroupMembership membership)
    {
        Address = address;
        this.membership = membership;
    }

    public UInt128 Address { get; }

    public ReadOnlySpan<ulong> Groups
    {
        get
        {
            if (!searched)
            {
                groups = membership.Of(Address);
                searched = true;
            }

            return groups;
        }
    }
}
