using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Palisade.Store.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, so readers never wait for the writer. Writers
/// are serialized in-process and by <c>BEGIN IMMEDIATE</c> across processes; each write is one
/// transaction that bumps the global revision.
/// </summary>
public sealed class SqliteStore : IPalisadeStore
{
    private readonly string connectionString;
    private readonly SemaphoreSlim writer = new(1, 1);

    private SqliteStore(string connectionString)
    {
        this.connectionString = connectionString;
    }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/> and applies pending migrations.</summary>
    public static async Task<SqliteStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 };
        var store = new SqliteStore(builder.ToString());
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        var version = Convert.ToInt32(await ScalarAsync(connection, null, "PRAGMA user_version;", cancellationToken), CultureInfo.InvariantCulture);
        for (var step = version; step < SqliteMigrations.Steps.Length; step++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, SqliteMigrations.Steps[step], cancellationToken);
            await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {step + 1};", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return store;
    }

    public async Task<long> RevisionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return (long)(await ScalarAsync(connection, null, "SELECT revision FROM store_revision WHERE id = 1;", cancellationToken))!;
    }

    public async Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var revision = (long)(await ScalarAsync(connection, transaction, "SELECT revision FROM store_revision WHERE id = 1;", cancellationToken))!;
        return await work(new SqliteSession(connection, transaction, revision));
    }

    public async Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await ExecuteAsync(connection, null, "BEGIN IMMEDIATE;", cancellationToken);
            try
            {
                var revision = 1 + (long)(await ScalarAsync(connection, null, "SELECT revision FROM store_revision WHERE id = 1;", cancellationToken))!;
                var result = await work(new SqliteSession(connection, null, revision));
                await ExecuteAsync(connection, null, $"UPDATE store_revision SET revision = {revision} WHERE id = 1; COMMIT;", cancellationToken);
                return result;
            }
            catch
            {
                await ExecuteAsync(connection, null, "ROLLBACK;", CancellationToken.None);
                throw;
            }
        }
        finally
        {
            writer.Release();
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    internal static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
