using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>A session in which an id that cannot be stored names nothing (see <see cref="IdCheckingStore"/>).</summary>
internal sealed partial class IdCheckingSession(IStoreSession inner) : IStoreSession
{
    public long Revision => inner.Revision;

    public Task<StoredResource?> GetAsync(string kind, string id, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(id) ? inner.GetAsync(kind, id, cancellationToken) : Task.FromResult<StoredResource?>(null);

    public Task<IReadOnlyList<StoredResource>> ListAsync(string kind, string? projectId, CancellationToken cancellationToken) =>
        projectId is null || ResourceIds.IsStorable(projectId) ? inner.ListAsync(kind, projectId, cancellationToken) : Task.FromResult<IReadOnlyList<StoredResource>>([]);

    public Task PutAsync(string kind, string id, string? projectId, string body, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(id) && (projectId is null || ResourceIds.IsStorable(projectId))
            ? inner.PutAsync(kind, id, projectId, body, cancellationToken)
            : throw ResourceIds.Refusal();

    public Task<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(id) ? inner.DeleteAsync(kind, id, cancellationToken) : Task.FromResult(false);
}
