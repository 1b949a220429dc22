using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Palisade.Store.Sqlite;

internal sealed class SqliteSession(SqliteConnection connection, SqliteTransaction? transaction, long revision) : IStoreSession
{
    private const string Columns = "kind, id, project_id, revision, body, created_at, updated_at";

    public long Revision => revision;

    public async Task<StoredResource?> GetAsync(string kind, string id, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT {Columns} FROM resources WHERE kind = $kind AND id = $id;");
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<StoredResource>> ListAsync(string kind, string? projectId, CancellationToken cancellationToken)
    {
        await using var command = Command(projectId is null
            ? $"SELECT {Columns} FROM resources WHERE kind = $kind ORDER BY id;"
            : $"SELECT {Columns} FROM resources WHERE kind = $kind AND project_id = $project ORDER BY id;");
        command.Parameters.AddWithValue("$kind", kind);
        if (projectId is not null)
        {
            command.Parameters.AddWithValue("$project", projectId);
        }

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
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await using var command = Command("""
            INSERT INTO resources (kind, id, project_id, revision, body, created_at, updated_at)
            VALUES ($kind, $id, $project, $revision, $body, $now, $now)
            ON CONFLICT (kind, id) DO UPDATE SET project_id = $project, revision = $revision, body = $body, updated_at = $now;
            """);
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$project", (object?)projectId ?? DBNull.Value);
        command.Parameters.AddWithValue("$revision", revision);
        command.Parameters.AddWithValue("$body", body);
        command.Parameters.AddWithValue("$now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken)
    {
        await using var command = Command("DELETE FROM resources WHERE kind = $kind AND id = $id;");
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static StoredResource Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetInt64(3),
        reader.GetString(4),
        DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture));
}
