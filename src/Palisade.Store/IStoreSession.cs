namespace Palisade.Store;

/// <summary>
/// What a request may do with the store inside its one transaction. Reads see the transaction's
/// own writes. Writes stamp the resource with the new global revision.
/// </summary>
public partial interface IStoreSession
{
    /// <summary>The global revision this write will commit as (the last committed one for a read).</summary>
    long Revision { get; }

    Task<StoredResource?> GetAsync(string kind, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredResource>> ListAsync(string kind, string? projectId, CancellationToken cancellationToken);

    Task PutAsync(string kind, string id, string? projectId, string body, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken);
}
