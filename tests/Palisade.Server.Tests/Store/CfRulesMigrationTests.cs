using System.Data.Common;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Npgsql;
using Palisade.Store;

namespace Palisade.Server.Tests.Store;

/// <summary>
/// A database whose ASGs keep their CF rules as <c>cf_rules</c> documents (schema version 1, the
/// documents written as the server before wrote them) upgrades in place: a server started on it
/// answers /v3 with the rules exactly as they were sent, and its rules are enforced as before.
/// </summary>
public abstract class CfRulesMigrationTests
{
    private const string Asg = "44444444-4444-4444-4444-444444444444";
    private const string Stamp = "2026-01-02T03:04:05.0000000+00:00";

    /// <summary>CAPI's rules as sent, spacing and key order included: two CF rules that became three Palisade rules.</summary>
    private const string CfRules = """[{"destination":"10.0.0.1-10.0.0.9,192.0.2.0/24","protocol":"tcp","ports":"443","description":"web"},{"protocol":"icmp","destination":"10.0.0.0/8","type":8,"code":0,"log":true}]""";

    private static readonly string AsgBody = $$"""
        {"id":"{{Asg}}","project_id":null,"name":"asg","description":"","status":"enabled","stateful":true,"rules":[
        {"id":"r1","security_group_id":"{{Asg}}","direction":"egress","ethertype":"IPv4","protocol":"tcp","port_range_min":443,"port_range_max":443,"remote_ip_prefix":null,"remote_ip_range":"10.0.0.1-10.0.0.9","remote_group_id":null,"description":"web","log":false,"revision_number":6},
        {"id":"r2","security_group_id":"{{Asg}}","direction":"egress","ethertype":"IPv4","protocol":"tcp","port_range_min":443,"port_range_max":443,"remote_ip_prefix":"192.0.2.0/24","remote_ip_range":null,"remote_group_id":null,"description":"web","log":false,"revision_number":6},
        {"id":"r3","security_group_id":"{{Asg}}","direction":"egress","ethertype":"IPv4","protocol":"icmp","port_range_min":8,"port_range_max":0,"remote_ip_prefix":"10.0.0.0/8","remote_ip_range":null,"remote_group_id":null,"description":"","log":true,"revision_number":6}
        ],"revision_number":6}
        """;

    protected abstract Task<DbConnection> OpenRawAsync();

    protected abstract Task MarkVersionOneAsync(DbConnection connection);

    protected abstract string StepOne { get; }

    protected abstract string StoreArgument { get; }

    [Fact]
    public async Task V3_shows_the_rules_as_sent_after_the_upgrade()
    {
        await SeedAsync();
        var (app, client) = await ServerFixture.StartServerAsync(StoreArgument);
        await using var _ = app;
        using var __ = client;

        var rules = (await GetAsync(client, $"/v3/security_groups/{Asg}"))["rules"]!;

        Assert.Equal(CfRules, rules.ToJsonString());
    }

    [Fact]
    public async Task The_upgraded_rules_are_enforced_as_before_and_v3_can_replace_them()
    {
        await SeedAsync();
        var (app, client) = await ServerFixture.StartServerAsync(StoreArgument);
        await using var _ = app;
        using var __ = client;

        var before = (await GetAsync(client, $"/api/v1/security-groups/{Asg}"))["rules"]!.AsArray().Select(r => (string)r!["id"]!);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/v3/security_groups/{Asg}") { Content = new StringContent("""{"rules":[{"protocol":"all","destination":"198.18.0.0/15"}]}""", System.Text.Encoding.UTF8, "application/json") };
        using var patched = await client.SendAsync(patch);
        var after = JsonNode.Parse(await patched.Content.ReadAsStringAsync())!["rules"]!;

        Assert.Equal(["r1", "r2", "r3"], before);
        Assert.Equal("""[{"protocol":"all","destination":"198.18.0.0/15"}]""", after.ToJsonString());
    }

    private static async Task<JsonNode> GetAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", ServerFixture.AdminToken);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task SeedAsync()
    {
        await using var connection = await OpenRawAsync();
        await ExecuteAsync(connection, StepOne);
        await MarkVersionOneAsync(connection);
        foreach (var (kind, id, body) in new (string, string, string)[] { ("security_group", Asg, AsgBody), ("cf_rules", Asg, CfRules) })
        {
            await ExecuteAsync(
                connection,
                "INSERT INTO resources (kind, id, project_id, revision, body, created_at, updated_at) VALUES (@kind, @id, NULL, 6, @body, @stamp, @stamp)",
                ("kind", kind), ("id", id), ("body", body), ("stamp", Stamp));
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }
}

public sealed class CfRulesMigrationTestsOnSqlite : CfRulesMigrationTests, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("palisade-migrate-cf-").FullName;

    private string Path => System.IO.Path.Combine(directory, "palisade.db");

    protected override string StepOne => SchemaMigrations.Steps[0].Sqlite;

    protected override string StoreArgument => $"--Palisade:Database={Path}";

    protected override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path}");
        await connection.OpenAsync();
        return connection;
    }

    protected override async Task MarkVersionOneAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version = 1;";
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

public sealed class CfRulesMigrationTestsOnPostgres : CfRulesMigrationTests, IAsyncLifetime
{
    private readonly string database = "palisade_test_" + Guid.NewGuid().ToString("N")[..12];

    private string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresServerFixture.AdminConnectionString) { Database = database }.ToString();

    protected override string StepOne => SchemaMigrations.Steps[0].Postgres;

    protected override string StoreArgument => $"--Palisade:Postgres={ConnectionString}";

    protected override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    protected override async Task MarkVersionOneAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version (version) VALUES (1);";
        await command.ExecuteNonQueryAsync();
    }

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
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
