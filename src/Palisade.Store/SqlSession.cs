using System.Data.Common;
using System.Globalization;

namespace Palisade.Store;

/// <summary>
/// The store session over ADO.NET; the SQL is the subset SQLite and PostgreSQL share. A read session
/// (<paramref name="revision"/> null) asks for the revision only when something wants it: most reads
/// never do, and in their snapshot transaction a later answer is the same answer. Timestamps come from
/// <paramref name="clock"/>, the server's, so audit retention by age (see <see cref="DeleteOldestAsync"/>)
/// measures age on the same clock that stamped it.
/// </summary>
internal sealed partial class SqlSession(DbConnection connection, DbTransaction? transaction, long? revision, TimeProvider clock) : IStoreSession
{
    private const string Columns = "kind, id, project_id, revision, body, created_at, updated_at";

    private long? revision = revision;

    public long Revision => revision ??= ReadRevision();

    public async Task<StoredResource?> GetAsync(string kind, string id, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT {Columns} FROM resources WHERE kind = @kind AND id = @id", ("kind", kind), ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<StoredResource>> ListAsync(string kind, string? projectId, CancellationToken cancellationToken)
    {
        await using var command = projectId is null
            ? Command($"SELECT {Columns} FROM resources WHERE kind = @kind ORDER BY id", ("kind", kind))
            : Command($"SELECT {Columns} FROM resources WHERE kind = @kind AND project_id = @project ORDER BY id", ("kind", kind), ("project", projectId));
        var resources = new List<StoredResource>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            resources.Add(Read(reader));
        }

        return resources;
    }

    public async Task PutAsync(string kind, string id, string? projectId, string body, CancellationToken cancellationToken)
    {
        var now = Timestamp(clock);
        await using var command = Command(
            """
            INSERT INTO resources (kind, id, project_id, revision, body, created_at, updated_at)
            VALUES (@kind, @id, @project, @revision, @body, @now, @now)
            ON CONFLICT (kind, id) DO UPDATE SET project_id = @project, revision = @revision, body = @body, updated_at = @now
            """,
            ("kind", kind), ("id", id), ("project", projectId), ("revision", revision), ("body", body), ("now", now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken)
    {
        await using var command = Command("DELETE FROM resources WHERE kind = @kind AND id = @id", ("kind", kind), ("id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>An upsert stamped with the current revision, outside any write transaction (see <see cref="IPalisadeStore.ReportAsync"/>).</summary>
    internal static Task UpsertReportAsync(DbConnection connection, string kind, string id, string body, TimeProvider clock, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            null,
            """
            INSERT INTO resources (kind, id, project_id, revision, body, created_at, updated_at)
            VALUES (@kind, @id, NULL, (SELECT revision FROM store_revision WHERE id = 1), @body, @now, @now)
            ON CONFLICT (kind, id) DO UPDATE SET body = @body, updated_at = @now
            """,
            cancellationToken,
            ("kind", kind),
            ("id", id),
            ("body", body),
            ("now", Timestamp(clock)));

    /// <summary>
    /// The id of the newest resource of <paramref name="kind"/> beyond the newest <paramref name="keep"/>
    /// (it and every older one are past a count limit), or null when there are no more than that.
    /// Walks the primary key (kind, id) from its newest end.
    /// </summary>
    internal static async Task<string?> NewestIdBeyondAsync(DbConnection connection, string kind, int keep, CancellationToken cancellationToken)
    {
        await using var command = Create(connection, null, "SELECT id FROM resources WHERE kind = @kind ORDER BY id DESC LIMIT 1 OFFSET @keep", [("kind", kind), ("keep", keep)]);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// Deletes, oldest id first, up to <paramref name="batch"/> resources of <paramref name="kind"/>
    /// that were created before <paramref name="createdBefore"/> or whose id is at most
    /// <paramref name="throughId"/>, and says whether the batch was full (more may be due). For
    /// kinds whose ids sort in the order they were created (audit events: revision, then sequence),
    /// so the oldest are the first rows of the primary key: it reads only the batch and deletes an id
    /// range, and stops at the first event young enough to keep (a clock stepped back can only make
    /// it keep an event longer, never delete a young one). A pass reads and deletes each batch after
    /// the last id it deleted (<paramref name="after"/>): on PostgreSQL deleted rows stay in the index
    /// until vacuumed, and a batch that started from the oldest end walked them all again (a pass of
    /// 100,000 took 26 s instead of 1.4 s, docs/benchmarks.md).
    /// </summary>
    internal static async Task<(int Deleted, string? Last, bool Full)> DeleteOldestAsync(
        DbConnection connection, string kind, DateTimeOffset createdBefore, string? throughId, string? after, int batch, CancellationToken cancellationToken)
    {
        string? last = null;
        var due = 0;
        await using (var command = Create(
            connection,
            null,
            "SELECT id, created_at FROM resources WHERE kind = @kind AND id > @after ORDER BY id LIMIT @batch",
            [("kind", kind), ("after", after ?? ""), ("batch", batch)]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                var pastCount = throughId is not null && string.CompareOrdinal(id, throughId) <= 0;
                if (!pastCount && DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture) >= createdBefore)
                {
                    break;
                }

                last = id;
                due++;
            }
        }

        if (last is null)
        {
            return (0, after, false);
        }

        await using var delete = Create(connection, null, "DELETE FROM resources WHERE kind = @kind AND id > @after AND id <= @last", [("kind", kind), ("after", after ?? ""), ("last", last)]);
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        return (deleted, last, due == batch);
    }

    private static string Timestamp(TimeProvider clock) => clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private long ReadRevision()
    {
        using var command = Command("SELECT revision FROM store_revision WHERE id = 1");
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    internal static async Task<long> CurrentRevisionAsync(DbConnection connection, DbTransaction? transaction, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT revision FROM store_revision WHERE id = 1" + (forUpdate ? " FOR UPDATE" : "");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    internal static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Create(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters) => Create(connection, transaction, sql, parameters);

    private static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static StoredResource Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetInt64(3),
        reader.GetString(4),
        DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture));
}
