namespace Palisade.Store;

/// <summary>
/// The persistence of everything in design.md §1. Every API write runs in one
/// <see cref="WriteAsync{T}"/> call: one transaction that raises the global revision by one, so
/// concurrent writers never lose an update and agents can watch a single number.
/// </summary>
public interface IPalisadeStore : IAsyncDisposable
{
    /// <summary>
    /// Raised after a write commits: in this process, and for PostgreSQL also when another server
    /// on the same database commits (LISTEN/NOTIFY), so every server's long polls wake at once.
    /// It carries the committed revision, or none when commits may have been missed (a lost
    /// PostgreSQL listener connection, once it listens again).
    /// </summary>
    event EventHandler<StoreChange>? Changed;

    /// <summary>The last committed global revision.</summary>
    Task<long> RevisionAsync(CancellationToken cancellationToken);

    Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one serialized transaction. When it returns a value the
    /// transaction commits as revision + 1; when it throws, nothing is written.
    /// </summary>
    Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a runtime report (an agent's applied revision and rule counters) that is not policy:
    /// it replaces the previous report of that id without raising the revision, so a report never
    /// wakes the agents' long polls and is not an audit event.
    /// </summary>
    Task ReportAsync(string kind, string id, string body, CancellationToken cancellationToken);

    /// <summary>
    /// Retention: deletes the audit events that happened before <paramref name="createdBefore"/> and
    /// those beyond the newest <paramref name="keepNewest"/>. It deletes in batches, each its own short
    /// write, so a long prune never holds the writer; it does not raise the revision (nothing an agent
    /// enforces changed) and returns how many it deleted.
    /// </summary>
    Task<int> PruneAuditEventsAsync(DateTimeOffset createdBefore, int keepNewest, CancellationToken cancellationToken);
}
