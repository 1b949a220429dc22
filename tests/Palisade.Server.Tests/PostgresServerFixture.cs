using Npgsql;

namespace Palisade.Server.Tests;

/// <summary>
/// A server over a fresh database on the local PostgreSQL that scripts/test.sh starts
/// (PALISADE_TEST_POSTGRES overrides where it is). The database is dropped afterwards.
/// </summary>
public class PostgresServerFixture : ServerFixture
{
    private readonly string database = "palisade_test_" + Guid.NewGuid().ToString("N")[..12];

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("PALISADE_TEST_POSTGRES") ?? "Host=127.0.0.1;Username=palisade;Password=palisade;Database=postgres";

    public string ConnectionString => new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ToString();

    protected override async Task<string> CreateStoreAsync()
    {
        await ExecuteAsync($"CREATE DATABASE {database}");
        return $"--Palisade:Postgres={ConnectionString}";
    }

    protected override async Task DropStoreAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
