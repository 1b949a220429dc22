using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;

namespace Palisade.Store;

/// <summary>The audit log in table <c>audit_events</c>: append, keyset pages, and retention.</summary>
internal sealed partial class SqlSession
{
    private const string AuditColumns =
        "id AS Id, revision AS Revision, at AS At, actor AS Actor, action AS Action, resource_kind AS ResourceKind, resource_id AS ResourceId, " +
        "project_id AS ProjectId, request_id AS RequestId, before_json AS BeforeJson, after_json AS AfterJson";

    public Task AppendAuditEventAsync(AuditEventRow auditEvent, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_events (id, revision, at, actor, action, resource_kind, resource_id, project_id, request_id, before_json, after_json)
            VALUES (@Id, @Revision, @At, @Actor, @Action, @ResourceKind, @ResourceId, @ProjectId, @RequestId, @Before, @After)
            """,
            new
            {
                auditEvent.Id,
                auditEvent.Revision,
                At = auditEvent.At.ToString("O", CultureInfo.InvariantCulture),
                auditEvent.Actor,
                auditEvent.Action,
                auditEvent.ResourceKind,
                auditEvent.ResourceId,
                auditEvent.ProjectId,
                auditEvent.RequestId,
                auditEvent.Before,
                auditEvent.After,
            },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>
    /// One query whose ORDER BY is the primary key (or the (project_id, id) and (resource_id, id)
    /// indexes when those are filtered), so the engine walks an index from the cursor and stops after
    /// <paramref name="limit"/> matching rows.
    /// </summary>
    public async Task<IReadOnlyList<AuditEventRow>> AuditEventsAsync(AuditEventFilter filter, string? after, int limit, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {AuditColumns} FROM audit_events WHERE 1 = 1");
        var parameters = new DynamicParameters();
        void Match(string column, string? value)
        {
            if (value is not null)
            {
                sql.Append(CultureInfo.InvariantCulture, $" AND {column} = @{column}");
                parameters.Add(column, value);
            }
        }

        Match("project_id", filter.ProjectId);
        Match("resource_id", filter.ResourceId);
        Match("resource_kind", filter.ResourceKind);
        Match("action", filter.Action);
        Match("actor", filter.Actor);
        if (filter.VisibleProjects is { Count: 1 } only)
        {
            // One project (a tenant with one role, or asking for one): an equality lets the engine walk
            // the (project_id, id) index in order; PostgreSQL does not for an IN list, and walked the
            // primary key filtering instead (12 ms at 1,000,000 events, docs/benchmarks.md).
            sql.Append(" AND project_id = @visible");
            parameters.Add("visible", only.First());
        }
        else if (filter.VisibleProjects is not null)
        {
            // Spelled out one parameter each: Dapper would send a list to Npgsql as one array, which IN
            // does not take (PostgreSQL wants = ANY there), and SQLite has no arrays.
            var names = filter.VisibleProjects.Select((project, i) =>
            {
                parameters.Add($"visible{i}", project);
                return $"@visible{i}";
            });
            sql.Append(CultureInfo.InvariantCulture, $" AND project_id IN (NULL{string.Concat(names.Select(n => ", " + n))})");
        }

        if (after is not null)
        {
            sql.Append(filter.OldestFirst ? " AND id > @after" : " AND id < @after");
            parameters.Add("after", after);
        }

        sql.Append(filter.OldestFirst ? " ORDER BY id LIMIT @limit" : " ORDER BY id DESC LIMIT @limit");
        parameters.Add("limit", limit);
        var records = await connection.QueryAsync<AuditEventRecord>(new CommandDefinition(sql.ToString(), parameters, transaction, cancellationToken: cancellationToken));
        return [.. records.Select(r => r.ToRow())];
    }

    /// <summary>
    /// The id of the newest audit event beyond the newest <paramref name="keep"/> (it and every older
    /// one are past a count limit), or null when there are no more than that. Walks the primary key
    /// from its newest end.
    /// </summary>
    internal static Task<string?> NewestAuditIdBeyondAsync(DbConnection connection, int keep, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT id FROM audit_events ORDER BY id DESC LIMIT 1 OFFSET @keep", new { keep }, cancellationToken: cancellationToken));

    /// <summary>
    /// Deletes, oldest id first, up to <paramref name="batch"/> audit events that happened before
    /// <paramref name="createdBefore"/> or whose id is at most <paramref name="throughId"/>, and says
    /// whether the batch was full (more may be due). Ids sort in commit order (revision, then
    /// sequence), so the oldest are the first rows of the primary key: it reads only the batch and
    /// deletes an id range, and stops at the first event young enough to keep (a clock stepped back
    /// can only make it keep an event longer, never delete a young one). A pass reads and deletes each
    /// batch after the last id it deleted (<paramref name="after"/>): on PostgreSQL deleted rows stay
    /// in the index until vacuumed, and a batch that started from the oldest end walked them all
    /// again (a pass of 100,000 took 26 s instead of 1.4 s, docs/benchmarks.md).
    /// </summary>
    internal static async Task<(int Deleted, string? Last, bool Full)> DeleteOldestAuditEventsAsync(
        DbConnection connection, DateTimeOffset createdBefore, string? throughId, string? after, int batch, CancellationToken cancellationToken)
    {
        string? last = null;
        var due = 0;
        var oldest = await connection.QueryAsync<(string Id, string At)>(new CommandDefinition(
            "SELECT id, at FROM audit_events WHERE id > @after ORDER BY id LIMIT @batch", new { after = after ?? "", batch }, cancellationToken: cancellationToken));
        foreach (var (id, at) in oldest)
        {
            var pastCount = throughId is not null && string.CompareOrdinal(id, throughId) <= 0;
            if (!pastCount && DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) >= createdBefore)
            {
                break;
            }

            last = id;
            due++;
        }

        if (last is null)
        {
            return (0, after, false);
        }

        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM audit_events WHERE id > @after AND id <= @last", new { after = after ?? "", last }, cancellationToken: cancellationToken));
        return (deleted, last, due == batch);
    }

    /// <summary>The columns as both engines return them (the time as the text it was stored as).</summary>
    private sealed record AuditEventRecord(
        string Id, long Revision, string At, string Actor, string Action, string ResourceKind, string ResourceId, string? ProjectId, string? RequestId, string? BeforeJson, string? AfterJson)
    {
        public AuditEventRow ToRow() => new(
            Id, Revision, DateTimeOffset.Parse(At, CultureInfo.InvariantCulture), Actor, Action, ResourceKind, ResourceId, ProjectId, RequestId, BeforeJson, AfterJson);
    }
}
