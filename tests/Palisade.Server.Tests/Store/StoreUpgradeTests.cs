using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;
using Palisade.Store.Postgres;
using Palisade.Store.Sqlite;

namespace Palisade.Server.Tests.Store;

/// <summary>
/// A database of the shape the store had before the typed tables (the first migration step: every
/// resource a JSON document in <c>resources</c>), filled with documents as that code wrote them,
/// upgrades in place when the current store opens it.
/// </summary>
public abstract class StoreUpgradeTests
{
    /// <summary>The migration steps of the store before the typed tables.</summary>
    protected const int StepsBeforeTypedTables = 1;

    private static readonly DateTimeOffset At = new(2026, 11, 30, 8, 15, 42, 123, TimeSpan.Zero);

    /// <summary>Makes the database as the earlier store did and stores <paramref name="documents"/> in its <c>resources</c> table.</summary>
    protected abstract Task CreateEarlierDatabaseAsync(IReadOnlyList<(string Kind, string Id, string? ProjectId, long Revision, string Body)> documents);

    protected abstract Task<IPalisadeStore> OpenAsync();

    [Fact]
    public async Task Audit_documents_move_into_the_audit_table_with_every_field()
    {
        var group = """{"id":"g1","project_id":"p1","name":"web","description":""}""";
        var changed = """{"id":"g1","project_id":"p1","name":"web","description":"after"}""";
        await CreateEarlierDatabaseAsync(
        [
            ("security_group", "g1", "p1", 8, changed),
            ("audit_event", "0000000000000007-0000", "p1", 7, EarlierAuditDocument("0000000000000007-0000", 7, "security_group.create", "g1", "p1", null, group, "req-7")),
            ("audit_event", "0000000000000008-0000", "p1", 8, EarlierAuditDocument("0000000000000008-0000", 8, "security_group.update", "g1", "p1", group, changed, null)),
        ]);

        await using var store = await OpenAsync();
        var (events, documents) = await store.ReadAsync(
            async s => (await s.AuditEventsAsync(new AuditEventFilter(), null, 10, CancellationToken.None), await s.ListAsync("audit_event", null, CancellationToken.None)),
            CancellationToken.None);

        Assert.Empty(documents);
        Assert.Equal(
            [
                new AuditEventRow("0000000000000008-0000", 8, At, "admin", "security_group.update", "security_group", "g1", "p1", null, group, changed),
                new AuditEventRow("0000000000000007-0000", 7, At, "admin", "security_group.create", "security_group", "g1", "p1", "req-7", null, group),
            ],
            events.Select(e => e with { Before = Canonical(e.Before), After = Canonical(e.After) }));
    }

    [Fact]
    public async Task Other_documents_stay_where_they_were()
    {
        var network = """{"id":"n1","project_id":"p1","name":"net"}""";
        await CreateEarlierDatabaseAsync([("network", "n1", "p1", 3, network)]);

        await using var store = await OpenAsync();
        var stored = await store.ReadAsync(s => s.GetAsync("network", "n1", CancellationToken.None), CancellationToken.None);

        Assert.Equal(network, stored?.Body);
    }

    [Fact]
    public async Task Identity_documents_move_into_their_tables_and_a_key_of_a_deleted_principal_is_dropped()
    {
        await CreateEarlierDatabaseAsync(EarlierIdentity);

        await using var store = await OpenAsync();
        var moved = await store.ReadAsync(
            async s => (
                Principal: await s.PrincipalAsync("alice-id", CancellationToken.None),
                Bindings: await s.RoleBindingsOfAsync("alice-id", CancellationToken.None),
                Token: await s.TokenByHashAsync(AdminToken.Hash(AliceSecret), CancellationToken.None),
                Key: await s.ApiKeyAsync("alice-key", CancellationToken.None),
                Orphan: await s.ApiKeyAsync("gone-key", CancellationToken.None),
                Documents: await DocumentsOfAsync(s, "principal", "role_binding", "token", "token_hash", "api_key")),
            CancellationToken.None);

        Assert.Equal(
            (new PrincipalRow("alice-id", "alice", 2), new RoleBindingRow("rb-id", "alice-id", "reader", "p1", 3),
                new TokenRow("t-id", "alice-id", "ci", At, 4, null, At.AddYears(10)), new ApiKeyRow("alice-key", "alice-id", "alice-signing-secret", At), (ApiKeyRow?)null, 0),
            (moved.Principal, Assert.Single(moved.Bindings), moved.Token, moved.Key, moved.Orphan, moved.Documents));
    }

    [Fact]
    public async Task A_token_of_the_earlier_store_still_signs_in_with_its_roles()
    {
        await CreateEarlierDatabaseAsync(EarlierIdentity);

        var (app, client) = await ServerFixture.StartServerAsync(StoreArgument);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/whoami");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AliceSecret);
            using var response = await client.SendAsync(request);
            var whoami = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.Equal(("alice", "reader"), ((string)whoami["principal"]!, (string)whoami["project_roles"]!["p1"]!));
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>The server argument that selects the database.</summary>
    protected abstract string StoreArgument { get; }

    private const string AliceSecret = "pal_0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>A principal with a role, a token (its document and its hash entry, as TokensApi wrote them) and an API key, and a key whose principal was deleted.</summary>
    private static IReadOnlyList<(string Kind, string Id, string? ProjectId, long Revision, string Body)> EarlierIdentity =>
    [
        ("principal", "alice-id", null, 2, Serialize(new PrincipalDocument("alice-id", "alice", 2))),
        ("role_binding", "rb-id", "p1", 3, Serialize(new RoleBindingDocument("rb-id", "alice-id", "reader", "p1", 3))),
        ("token", "t-id", null, 4, Serialize(new TokenDocument("t-id", "alice-id", "ci", At, 4, null, At.AddYears(10)))),
        ("token_hash", AdminToken.Hash(AliceSecret), null, 4, Serialize(new TokenDocument("t-id", "alice-id", "ci", At, 4, null, At.AddYears(10)))),
        ("api_key", "alice-key", null, 5, Serialize(new ApiKeyDocument("alice-key", "alice-id", "alice-signing-secret", At))),
        ("api_key", "gone-key", null, 6, Serialize(new ApiKeyDocument("gone-key", "deleted-principal", "stale-secret", At))),
    ];

    private static async Task<int> DocumentsOfAsync(IStoreSession session, params string[] kinds)
    {
        var count = 0;
        foreach (var kind in kinds)
        {
            count += (await session.ListAsync(kind, null, CancellationToken.None)).Count;
        }

        return count;
    }

    private static string Serialize<T>(T document) => JsonSerializer.Serialize(document, JsonDefaults.Options);

    /// <summary>An audit event document exactly as the store before the typed tables wrote it (AuditingSession serialized the document).</summary>
    private static string EarlierAuditDocument(string id, long revision, string action, string resourceId, string? projectId, string? before, string? after, string? requestId) =>
        JsonSerializer.Serialize(
            new AuditEventDocument(id, At, "admin", action, action.Split('.')[0], resourceId, projectId,
                before is null ? null : JsonNode.Parse(before), after is null ? null : JsonNode.Parse(after), requestId, revision),
            JsonDefaults.Options);

    /// <summary>The JSON text as compact JSON in its own key order (PostgreSQL keeps it; this makes the check independent of whitespace).</summary>
    private static string? Canonical(string? json) => json is null ? null : JsonNode.Parse(json)!.ToJsonString();

    protected static string CreatedAt(long revision) => At.AddSeconds(revision).ToString("O", CultureInfo.InvariantCulture);
}

public sealed class StoreUpgradeTestsOnSqlite : StoreUpgradeTests, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("palisade-upgrade-").FullName;

    private string DatabasePath => Path.Combine(directory, "palisade.db");

    protected override string StoreArgument => $"--Palisade:Database={DatabasePath}";

    protected override async Task CreateEarlierDatabaseAsync(IReadOnlyList<(string Kind, string Id, string? ProjectId, long Revision, string Body)> documents)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        for (var step = 0; step < StepsBeforeTypedTables; step++)
        {
            await ExecuteAsync(connection, SchemaMigrations.Steps[step].Sqlite);
        }

        await ExecuteAsync(connection, $"PRAGMA user_version = {StepsBeforeTypedTables}; PRAGMA journal_mode = WAL;");
        foreach (var (kind, id, projectId, revision, body) in documents)
        {
            await ExecuteAsync(
                connection,
                "INSERT INTO resources (kind, id, project_id, revision, body, created_at, updated_at) VALUES ($kind, $id, $project, $revision, $body, $at, $at)",
                ("$kind", kind), ("$id", id), ("$project", projectId), ("$revision", revision), ("$body", body), ("$at", CreatedAt(revision)));
        }

        await ExecuteAsync(connection, $"UPDATE store_revision SET revision = {documents.Select(d => d.Revision).DefaultIfEmpty(0).Max()}");
        await transaction.CommitAsync();
    }

    protected override async Task<IPalisadeStore> OpenAsync() => await SqliteStore.OpenAsync(DatabasePath, CancellationToken.None);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync();
    }
}

public sealed class StoreUpgradeTestsOnPostgres : StoreUpgradeTests, IAsyncLifetime
{
    private readonly string database = "palisade_test_" + Guid.NewGuid().ToString("N")[..12];

    private string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresServerFixture.AdminConnectionString) { Database = database }.ToString();

    protected override string StoreArgument => $"--Palisade:Postgres={ConnectionString}";

    protected override async Task CreateEarlierDatabaseAsync(IReadOnlyList<(string Kind, string Id, string? ProjectId, long Revision, string Body)> documents)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL)");
        for (var step = 0; step < StepsBeforeTypedTables; step++)
        {
            await ExecuteAsync(connection, SchemaMigrations.Steps[step].Postgres);
            await ExecuteAsync(connection, $"INSERT INTO schema_version (version) VALUES ({step + 1})");
        }

        foreach (var (kind, id, projectId, revision, body) in documents)
        {
            await ExecuteAsync(
                connection,
                "INSERT INTO resources (kind, id, project_id, revision, body, created_at, updated_at) VALUES (@kind, @id, @project, @revision, @body, @at, @at)",
                ("kind", kind), ("id", id), ("project", projectId), ("revision", revision), ("body", body), ("at", CreatedAt(revision)));
        }

        await ExecuteAsync(connection, $"UPDATE store_revision SET revision = {documents.Select(d => d.Revision).DefaultIfEmpty(0).Max()}");
        await transaction.CommitAsync();
    }

    protected override async Task<IPalisadeStore> OpenAsync() => await PostgresStore.OpenAsync(ConnectionString, CancellationToken.None);

    public Task InitializeAsync() => AdminAsync($"CREATE DATABASE {database}");

    public Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        return AdminAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServerFixture.AdminConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
