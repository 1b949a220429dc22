using Npgsql;
using Palisade.Store;
using Palisade.Store.Postgres;
using Palisade.Store.Sqlite;

namespace Palisade.Server.Tests.Store;

/// <summary>The identity tables' foreign keys and unique hash, in the database itself (see <see cref="IIdentityTables"/>).</summary>
public abstract class IdentityTablesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract Task<IPalisadeStore> OpenAsync();

    [Fact]
    public async Task Deleting_a_principal_leaves_no_role_binding_token_or_api_key_of_it()
    {
        await using var store = await OpenAsync();
        await store.WriteAsync(
            async s =>
            {
                await s.AddPrincipalAsync(new PrincipalRow("bob", "bob", 1), CancellationToken.None);
                await s.AddRoleBindingAsync(new RoleBindingRow("rb", "bob", "member", "p1", 1), CancellationToken.None);
                await s.AddTokenAsync(new TokenRow("t", "bob", "", At, 1, null, null), "HASH", CancellationToken.None);
                await s.AddApiKeyAsync(new ApiKeyRow("key", "bob", "secret", At), CancellationToken.None);
                return await s.DeletePrincipalAsync("bob", CancellationToken.None);
            },
            CancellationToken.None);

        var left = await store.ReadAsync(
            async s => (await s.RoleBindingsAsync(null, CancellationToken.None)).Count + (await s.TokensAsync(null, CancellationToken.None)).Count +
                       (await s.ApiKeyAsync("key", CancellationToken.None) is null ? 0 : 1),
            CancellationToken.None);

        Assert.Equal(0, left);
    }

    [Fact]
    public async Task A_token_of_a_principal_that_does_not_exist_is_refused_by_the_database()
    {
        await using var store = await OpenAsync();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.WriteAsync(
            async s =>
            {
                await s.AddTokenAsync(new TokenRow("t", "nobody", "", At, 1, null, null), "HASH", CancellationToken.None);
                return 0;
            },
            CancellationToken.None));
    }

    [Fact]
    public async Task Two_tokens_with_one_hash_are_refused_by_the_database()
    {
        await using var store = await OpenAsync();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.WriteAsync(
            async s =>
            {
                await s.AddPrincipalAsync(new PrincipalRow("carol", "carol", 1), CancellationToken.None);
                await s.AddTokenAsync(new TokenRow("t1", "carol", "", At, 1, null, null), "HASH", CancellationToken.None);
                await s.AddTokenAsync(new TokenRow("t2", "carol", "", At, 1, null, null), "HASH", CancellationToken.None);
                return 0;
            },
            CancellationToken.None));
    }
}

public sealed class IdentityTablesTestsOnSqlite : IdentityTablesTests, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("palisade-identity-").FullName;

    protected override async Task<IPalisadeStore> OpenAsync() => await SqliteStore.OpenAsync(Path.Combine(directory, "palisade.db"), CancellationToken.None);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

public sealed class IdentityTablesTestsOnPostgres : IdentityTablesTests, IAsyncLifetime
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
