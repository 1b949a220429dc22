using System.Globalization;
using Palisade.Server.Documents;
using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>A write session that appends an audit event for every put and delete of a resource.</summary>
internal sealed partial class AuditingSession(IStoreSession inner, string actor, string? requestId, TimeProvider clock) : IStoreSession
{
    private int sequence;

    public long Revision => inner.Revision;

    public Task<StoredResource?> GetAsync(string kind, string id, CancellationToken cancellationToken) => inner.GetAsync(kind, id, cancellationToken);

    public Task<IReadOnlyList<StoredResource>> ListAsync(string kind, string? projectId, CancellationToken cancellationToken) => inner.ListAsync(kind, projectId, cancellationToken);

    public async Task PutAsync(string kind, string id, string? projectId, string body, CancellationToken cancellationToken)
    {
        var before = await inner.GetAsync(kind, id, cancellationToken);
        await inner.PutAsync(kind, id, projectId, body, cancellationToken);
        await RecordAsync(kind, id, projectId, before is null ? "create" : "update", before?.Body, body, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken)
    {
        var before = await inner.GetAsync(kind, id, cancellationToken);
        var deleted = await inner.DeleteAsync(kind, id, cancellationToken);
        if (deleted)
        {
            await RecordAsync(kind, id, before?.ProjectId, "delete", before?.Body, null, cancellationToken);
        }

        return deleted;
    }

    private async Task RecordAsync(string kind, string id, string? projectId, string verb, string? before, string? after, CancellationToken cancellationToken)
    {
        if (kind is Kinds.AdminToken or Kinds.TokenByHash or Kinds.ApiKey or Kinds.CsJob)
        {
            return;
        }

        // Ids sort in commit order: revision, then the order of changes within the transaction.
        var eventId = string.Create(CultureInfo.InvariantCulture, $"{Revision:D16}-{sequence++:D4}");
        await inner.AppendAuditEventAsync(
            new AuditEventRow(eventId, Revision, clock.GetUtcNow(), actor, $"{kind}.{verb}", kind, id, projectId, requestId, before, after),
            cancellationToken);
    }

    public Task AppendAuditEventAsync(AuditEventRow auditEvent, CancellationToken cancellationToken) => inner.AppendAuditEventAsync(auditEvent, cancellationToken);

    public Task<IReadOnlyList<AuditEventRow>> AuditEventsAsync(AuditEventFilter filter, string? after, int limit, CancellationToken cancellationToken) =>
        inner.AuditEventsAsync(filter, after, limit, cancellationToken);
}
