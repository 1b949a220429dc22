namespace Palisade.Store;

/// <summary>
/// What a request may do with the store inside its one transaction. Reads see the transaction's
/// own writes. Writes stamp the resource with the new global revision.
/// </summary>
public partial interface IStoreSession : IIdentityTables
{
    /// <summary>The global revision this write will commit as (the last committed one for a read).</summary>
    long Revision { get; }

    Task<StoredResource?> GetAsync(string kind, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredResource>> ListAsync(string kind, string? projectId, CancellationToken cancellationToken);

    Task PutAsync(string kind, string id, string? projectId, string body, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken);

    /// <summary>Appends one event to the audit log, in this write's transaction.</summary>
    Task AppendAuditEventAsync(AuditEventRow auditEvent, CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="limit"/> audit events matching <paramref name="filter"/>, newest first
    /// (oldest first when the filter says so), starting after the event <paramref name="after"/> in that
    /// order: keyset paging that reads about <paramref name="limit"/> rows of an index, however long the log.
    /// </summary>
    Task<IReadOnlyList<AuditEventRow>> AuditEventsAsync(AuditEventFilter filter, string? after, int limit, CancellationToken cancellationToken);
}
