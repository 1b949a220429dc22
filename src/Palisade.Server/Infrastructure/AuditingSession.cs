using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        if (kind is Kinds.AuditEvent or Kinds.AdminToken or Kinds.TokenByHash or Kinds.ApiKey or Kinds.CsJob)
        {
            return;
        }

        // Ids sort in commit order: revision, then the order of changes within the transaction.
        var eventId = string.Create(CultureInfo.InvariantCulture, $"{Revision:D16}-{sequence++:D4}");
        var audit = new AuditEventDocument(eventId, clock.GetUtcNow(), actor, $"{kind}.{verb}", kind, id, projectId,
            before is null ? null : JsonNode.Parse(before), after is null ? null : JsonNode.Parse(after), requestId, Revision);
        await inner.PutAsync(Kinds.AuditEvent, eventId, projectId, JsonSerializer.Serialize(audit, JsonDefaults.Options), cancellationToken);
    }
}
