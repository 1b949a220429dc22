using Npgsql;

namespace Palisade.Store.Postgres;

/// <summary>
/// The shared store for several stateless servers. Writers serialize on a row lock of the single
/// revision row (<c>SELECT … FOR UPDATE</c>), which also orders the global revision; each commit
/// sends <c>NOTIFY palisade_changes</c>, and every server LISTENs, so a write through one server
/// wakes the long polls of all of them.
/// </summary>
public sealed partial class PostgresStore : IPalisadeStore
{
    private const string Channel = "palisade_changes";

    /// <summary>Rows one prune batch deletes, each batch its own short transaction.</summary>
    private const int PruneBatch = 500;

    private readonly NpgsqlDataSource dataSource;
    private readonly TimeProvider clock;
    private readonly CancellationTokenSource stopping = new();
    private Task listening = Task.CompletedTask;

    private PostgresStore(NpgsqlDataSource dataSource, TimeProvider clock)
    {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public event EventHandler? Changed;

    public static Task<PostgresStore> OpenAsync(string connectionString, CancellationToken cancellationToken) =>
        OpenAsync(connectionString, TimeProvider.System, cancellationToken);

    /// <summary>As <see cref="OpenAsync(string, CancellationToken)"/>, stamping resources with <paramref name="clock"/>'s time.</summary>
    public static async Task<PostgresStore> OpenAsync(string connectionString, TimeProvider clock, CancellationToken cancellationToken)
    {
        var store = new PostgresStore(NpgsqlDataSource.Create(connectionString), clock);
        await store.MigrateAsync(cancellationToken);
        var listener = await store.dataSource.OpenConnectionAsync(cancellationToken);
        await SqlSession.ExecuteAsync(listener, null, $"LISTEN {Channel}", cancellationToken);
        listener.Notification += (_, _) => store.Changed?.Invoke(store, EventArgs.Empty);
        store.listening = store.ListenAsync(listener);
        return store;
    }

    public async Task<long> RevisionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await SqlSession.CurrentRevisionAsync(connection, null, forUpdate: false, cancellationToken);
    }

    public async Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        return await work(new SqlSession(connection, transaction, revision: null, clock));
    }

    public async Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var revision = 1 + await SqlSession.CurrentRevisionAsync(connection, transaction, forUpdate: true, cancellationToken);
        var result = await work(new SqlSession(connection, transaction, revision, clock));
        await SqlSession.ExecuteAsync(connection, transaction, "UPDATE store_revision SET revision = @revision WHERE id = 1", cancellationToken, ("revision", revision));
        await SqlSession.ExecuteAsync(connection, transaction, $"SELECT pg_notify('{Channel}', @revision::text)", cancellationToken, ("revision", revision));
        await transaction.CommitAsync(cancellationToken);
        Changed?.Invoke(this, EventArgs.Empty);
        return result;
    }

    public async Task ReportAsync(string kind, string id, string body, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await SqlSession.UpsertReportAsync(connection, kind, id, body, clock, cancellationToken);
    }

    /// <summary>
    /// Batches are autocommit deletes outside the revision lock: they touch only rows older than any
    /// write in flight (whose ids are newer), so writers never wait for a prune.
    /// </summary>
    public async Task<int> PruneAuditEventsAsync(DateTimeOffset createdBefore, int keepNewest, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var throughId = await SqlSession.NewestAuditIdBeyondAsync(connection, keepNewest, cancellationToken);
        var total = 0;
        string? after = null;
        for (var full = true; full;)
        {
            (var deleted, after, full) = await SqlSession.DeleteOldestAuditEventsAsync(connection, createdBefore, throughId, after, PruneBatch, cancellationToken);
            total += deleted;
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await listening;
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        stopping.Dispose();
        await dataSource.DisposeAsync();
    }

    private async Task ListenAsync(NpgsqlConnection listener)
    {
        await using (listener)
        {
            while (!stopping.IsCancellationRequested)
            {
                await listener.WaitAsync(stopping.Token);
            }
        }
    }

    /// <summary>Applies pending steps under an advisory lock, so servers starting together migrate once.</summary>
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SqlSession.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(7361); CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken);
        await using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, transaction);
        var version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        for (var step = version; step < SchemaMigrations.Steps.Length; step++)
        {
            await SqlSession.ExecuteAsync(connection, transaction, SchemaMigrations.Steps[step].Postgres, cancellationToken);
            await SqlSession.ExecuteAsync(connection, transaction, "INSERT INTO schema_version (version) VALUES (@version)", cancellationToken, ("version", step + 1));
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
