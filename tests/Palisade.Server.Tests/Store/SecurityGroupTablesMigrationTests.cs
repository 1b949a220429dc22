using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Palisade.Store;
using Palisade.Store.Postgres;
using Palisade.Store.Sqlite;

namespace Palisade.Server.Tests.Store;

/// <summary>
/// A database of the document schema (schema version 1, groups as <c>security_group</c> documents
/// holding their rules, tags as <c>tags</c> documents) upgrades in place: the documents are written
/// here as the server before the typed tables wrote them (JsonDefaults: snake_case, nulls kept,
/// the optional rule fields left out when null), then the store opens the database and migrates it.
/// </summary>
public abstract class SecurityGroupTablesMigrationTests
{
    private const string Project = "11111111-1111-1111-1111-111111111111";
    private const string Web = "22222222-2222-2222-2222-222222222222";
    private const string Db = "33333333-3333-3333-3333-333333333333";
    private const string Asg = "44444444-4444-4444-4444-444444444444";
    private const string Port = "55555555-5555-5555-5555-555555555555";
    private const string Stamp = "2026-01-02T03:04:05.0000000+00:00";

    /// <summary>A group of every rule shape: any protocol, ports, ICMP type/code, a prefix as given, a range, a remote group, an address group, a number as given.</summary>
    private static readonly string WebBody = $$"""
        {"id":"{{Web}}","project_id":"{{Project}}","name":"web","description":"front","status":"enabled","stateful":true,"rules":[
        {"id":"r1","security_group_id":"{{Web}}","direction":"egress","ethertype":"IPv4","protocol":null,"port_range_min":null,"port_range_max":null,"remote_ip_prefix":null,"remote_ip_range":null,"remote_group_id":null,"description":"","log":false,"revision_number":3},
        {"id":"r2","security_group_id":"{{Web}}","direction":"ingress","ethertype":"IPv4","protocol":"tcp","port_range_min":443,"port_range_max":443,"remote_ip_prefix":"10.0.0.0/24","remote_ip_range":null,"remote_group_id":null,"description":"https","log":true,"revision_number":4,"remote_ip_prefix_as_given":"10.0.0.1/24"},
        {"id":"r3","security_group_id":"{{Web}}","direction":"ingress","ethertype":"IPv4","protocol":"icmp","port_range_min":8,"port_range_max":0,"remote_ip_prefix":null,"remote_ip_range":"10.0.0.5-10.0.0.9","remote_group_id":null,"description":"","log":false,"revision_number":4},
        {"id":"r4","security_group_id":"{{Web}}","direction":"ingress","ethertype":"IPv6","protocol":"udp","port_range_min":53,"port_range_max":53,"remote_ip_prefix":null,"remote_ip_range":null,"remote_group_id":"{{Db}}","description":"","log":false,"revision_number":5,"protocol_number":"17"},
        {"id":"r5","security_group_id":"{{Web}}","direction":"ingress","ethertype":"IPv4","protocol":"tcp","port_range_min":22,"port_range_max":22,"remote_ip_prefix":null,"remote_ip_range":null,"remote_group_id":null,"description":"","log":false,"revision_number":5,"remote_address_group_id":"ag1"}
        ],"revision_number":5}
        """;

    private static readonly string DbBody = $$"""
        {"id":"{{Db}}","project_id":"{{Project}}","name":"db","description":"","status":"disabled","stateful":false,"rules":[],"revision_number":2}
        """;

    /// <summary>A Cloud Foundry group of an earlier version: no project, its rules carry the group id "cf".</summary>
    private static readonly string AsgBody = $$"""
        {"id":"{{Asg}}","project_id":null,"name":"asg","description":"","status":"enabled","stateful":true,"rules":[
        {"id":"r6","security_group_id":"cf","direction":"egress","ethertype":"IPv4","protocol":"tcp","port_range_min":1,"port_range_max":65535,"remote_ip_prefix":"192.168.0.0/16","remote_ip_range":null,"remote_group_id":null,"description":"","log":false,"revision_number":6}
        ],"revision_number":6}
        """;

    protected abstract Task<DbConnection> OpenRawAsync();

    /// <summary>Applies schema version 1 the way the store did, so the next open migrates from there.</summary>
    protected abstract Task MarkVersionOneAsync(DbConnection connection);

    protected abstract string StepOne { get; }

    protected abstract Task<IPalisadeStore> OpenStoreAsync();

    [Fact]
    public async Task Groups_rules_and_tags_move_into_their_tables_and_out_of_the_documents()
    {
        await SeedAsync();
        await using var store = await OpenStoreAsync();

        var (web, db, asg, rules, asgRules, tags, portTags, orphanTags, documents) = await store.ReadAsync(
            async s => (
                await s.GroupAsync(Web, CancellationToken.None),
                await s.GroupAsync(Db, CancellationToken.None),
                await s.GroupAsync(Asg, CancellationToken.None),
                await s.RulesOfGroupsAsync([Web], CancellationToken.None),
                await s.RulesOfGroupsAsync([Asg], CancellationToken.None),
                await s.GroupTagsAsync(Web, CancellationToken.None),
                await s.GetAsync("tags", Port, CancellationToken.None),
                await s.GetAsync("tags", "gone", CancellationToken.None),
                await s.ListAsync("security_group", null, CancellationToken.None)),
            CancellationToken.None);

        Assert.Equal(new SecurityGroupRow(Web, Project, "web", "front", "enabled", true, 5, DateTimeOffset.Parse(Stamp), DateTimeOffset.Parse(Stamp)), web);
        Assert.Equal(("disabled", false, 2L), (db!.Status, db.Stateful, db.Revision));
        Assert.Null(asg!.ProjectId);
        Assert.Equal(["r1", "r2", "r3", "r4", "r5"], rules.Select(r => r.Id));
        Assert.Equal(new RuleRow("r2", Web, "ingress", "IPv4", "tcp", 443, 443, "10.0.0.0/24", null, null, null, "https", true, null, "10.0.0.1/24", 4, DateTimeOffset.Parse(Stamp), DateTimeOffset.Parse(Stamp)), rules[1]);
        Assert.Equal((8, 0, "10.0.0.5-10.0.0.9"), (rules[2].PortRangeMin, rules[2].PortRangeMax, rules[2].RemoteIpRange));
        Assert.Equal((Db, "17"), (rules[3].RemoteGroupId, rules[3].ProtocolNumber));
        Assert.Equal("ag1", rules[4].RemoteAddressGroupId);
        Assert.Equal(Asg, Assert.Single(asgRules).GroupId);
        Assert.Equal(["blue", "prod"], tags);
        Assert.Equal("[\"port-tag\"]", portTags!.Body);
        Assert.Null(orphanTags);
        Assert.Empty(documents);
    }

    [Fact]
    public async Task The_moved_rules_are_unique_and_a_deleted_group_takes_its_rules_and_tags()
    {
        await SeedAsync();
        await using var store = await OpenStoreAsync();

        // The same rule as r6 (the full port range is no ports) is refused by the database itself.
        await Assert.ThrowsAsync<DuplicateRowException>(() => store.WriteAsync(
            s => s.InsertRuleAsync(new RuleRow("r7", Asg, "egress", "IPv4", "tcp", null, null, "192.168.0.0/16", null, null, null, "", false), CancellationToken.None),
            CancellationToken.None));
        var (referencing, left, tags) = await store.WriteAsync(
            async s =>
            {
                var referencing = await s.GroupsReferencingAsync(Db, CancellationToken.None);
                await s.DeleteGroupAsync(Web, CancellationToken.None);
                return (referencing, await s.RulesOfGroupsAsync([Web], CancellationToken.None), await s.GroupTagsAsync(Web, CancellationToken.None));
            },
            CancellationToken.None);

        Assert.Equal([Web], referencing);
        Assert.Empty(left);
        Assert.Empty(tags);
    }

    private async Task SeedAsync()
    {
        await using var connection = await OpenRawAsync();
        await ExecuteAsync(connection, StepOne);
        await MarkVersionOneAsync(connection);
        foreach (var (kind, id, project, body) in new (string, string, string?, string)[]
        {
            ("project", Project, Project, $$"""{"id":"{{Project}}","name":"p","groups_managed_by":"project","revision_number":1}"""),
            ("security_group", Web, Project, WebBody),
            ("security_group", Db, Project, DbBody),
            ("security_group", Asg, null, AsgBody),
            ("tags", Web, Project, "[\"blue\",\"prod\"]"),
            ("port", Port, Project, "{}"),
            ("tags", Port, Project, "[\"port-tag\"]"),
            ("tags", "gone", Project, "[\"left-behind\"]"),
        })
        {
            await ExecuteAsync(
                connection,
                "INSERT INTO resources (kind, id, project_id, revision, body, created_at, updated_at) VALUES (@kind, @id, @project, 6, @body, @stamp, @stamp)",
                ("kind", kind), ("id", id), ("project", project), ("body", body), ("stamp", Stamp));
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

public sealed class SecurityGroupTablesMigrationTestsOnSqlite : SecurityGroupTablesMigrationTests, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("palisade-migrate-").FullName;

    private string Path => System.IO.Path.Combine(directory, "palisade.db");

    protected override string StepOne => SchemaMigrations.Steps[0].Sqlite;

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

    protected override async Task<IPalisadeStore> OpenStoreAsync() => await SqliteStore.OpenAsync(Path, CancellationToken.None);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

public sealed class SecurityGroupTablesMigrationTestsOnPostgres : SecurityGroupTablesMigrationTests, IAsyncLifetime
{
    private readonly string database = "palisade_test_" + Guid.NewGuid().ToString("N")[..12];

    private string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresServerFixture.AdminConnectionString) { Database = database }.ToString();

    protected override string StepOne => SchemaMigrations.Steps[0].Postgres;

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

    protected override async Task<IPalisadeStore> OpenStoreAsync() => await PostgresStore.OpenAsync(ConnectionString, CancellationToken.None);

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
