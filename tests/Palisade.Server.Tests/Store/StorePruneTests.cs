using Npgsql;
using Palisade.Store;
using Palisade.Store.Postgres;
using Palisade.Store.Sqlite;

namespace Palisade.Server.Tests.Store;

/// <summary>
/// <see cref="IPalisadeStore.PruneAuditEventsAsync"/> over more events than one batch (500), so a pass goes
/// through several batches, each continuing after the last id the previous one deleted.
/// </summary>
public abstract class StorePruneTests
{
    private const int Events = 1234;
    private const int Keep = 100;

    protected abstract Task<IPalisadeStore> OpenAsync();

    [Fact]
    public async Task A_prune_past_several_batches_keeps_exactly_the_newest_and_nothing_else()
    {
        await using var store = await OpenAsync();
        await store.WriteAsync(
            async session =>
            {
                for (var i = 0; i < Events; i++)
                {
                    await session.AppendAuditEventAsync(Event($"{i:D16}-0000"), CancellationToken.None);
                }

                await session.PutAsync("security_group", "0000000000000000-0000", "p", "{}", CancellationToken.None);
                return 0;
            },
            CancellationToken.None);

        var pruned = await store.PruneAuditEventsAsync(DateTimeOffset.MinValue, Keep, CancellationToken.None);
        var (events, groups) = await store.ReadAsync(
            async session => (await session.AuditEventsAsync(new AuditEventFilter(OldestFirst: true), null, Events, CancellationToken.None), await session.ListAsync("security_group", null, CancellationToken.None)),
            CancellationToken.None);

        Assert.Equal(Enumerable.Range(Events - Keep, Keep).Select(i => $"{i:D16}-0000"), events.Select(e => e.Id));
        Assert.Equal(Events - Keep, pruned);
        Assert.Single(groups);
    }

    private static AuditEventRow Event(string id) =>
        new(id, 1, DateTimeOffset.UnixEpoch, "admin", "security_group.update", "security_group", "g", "p", null, "{}", "{}");
}

public sealed class StorePruneTestsOnSqlite : StorePruneTests, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("palisade-prune-").FullName;

    protected override async Task<IPalisadeStore> OpenAsync() => await SqliteStore.OpenAsync(Path.Combine(directory, "palisade.db"), CancellationToken.None);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

public sealed class StorePruneTestsOnPostgres : StorePruneTests, IAsyncLifetime
{
    private readonly string database = "palisade_test_" + Guid.NewGuid().ToString("N")[..12];

    protected override async Task<IPalisadeStore> OpenAsync() =>
        await PostgresStore.OpenAsync(new NpgsqlConnectionStringBuilder(PostgresServerFixture.AdminConnectionString) { Database = database }.ToString(), CancellationToken.None);

    public Task InitializeAsync() => ExecuteAsync($"CREATE DATABASE {database}");

    public Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        return ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServerFixture.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
