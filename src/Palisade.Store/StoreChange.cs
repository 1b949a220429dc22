namespace Palisade.Store;

/// <summary>
/// What <see cref="IPalisadeStore.Changed"/> reports: the revision a write committed, or none when
/// the store may have missed commits (its PostgreSQL listener lost its connection and listens
/// again), so whoever holds the revision in memory must read it again.
/// </summary>
public sealed record StoreChange(long? Revision)
{
    /// <summary>Commits may have been missed; the revision is unknown until read.</summary>
    public static StoreChange Unknown { get; } = new((long?)null);
}
