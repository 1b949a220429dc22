using System.Globalization;
using Npgsql;

namespace Palisade.Store.Postgres;

/// <summary>
/// The shared store for several stateless servers. Writers serialize on a row lock of the single
/// revision row (<c>SELECT … FOR UPDATE</c>), which also orders the global revision; each commit
/// sends <c>NOTIFY palisade_changes</c>, and every server LISTENs, so a write through one server
/// wakes the long polls of all of them. The notification carries the committed revision, so a
/// server learns it without a query. A listener that loses its connection listens again (retrying
/// with a growing pause) and then reports <see cref="StoreChange.Unknown"/>: notifications sent
/// while it was away are lost (https://www.postgresql.org/docs/current/sql-notify.html), so the
/// revision must be read again.
/// </summary>
public sealed partial class PostgresStore : IPalisadeStore
{
    private const string Channel = "palisade_changes";

    /// <summary>Rows one prune batch deletes, each batch its own short transaction.</summary>
    private const int PruneBatch = 500;

    private static readonly TimeSpan FirstRelistenPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRelistenPause = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource dataSource;
    private readonly TimeProvider clock;
    private readonly CancellationTokenSource stopping = new();
    private Task listening = Task.CompletedTask;

    private PostgresStore(NpgsqlDataSource dataSource, TimeProvider clock)
    {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public event EventHandler<StoreChange>? Changed;

    public static Task<PostgresStore> OpenAsync(string connectionString, CancellationToken cancellationToken) =>
        OpenAsync(connectionString, TimeProvider.System, cancellationToken);

    /// <summary>As <see cref="OpenAsync(string, CancellationToken)"/>, stamping resources with <paramref name="clock"/>'s time.</summary>
    public static async Task<PostgresStore> OpenAsync(string connectionString, TimeProvider clock, CancellationToken cancellationToken)
    {
        var store = new PostgresStore(NpgsqlDataSource.Create(connectionString), clock);
        await store.MigrateAsync(cancellationToken);
        var listener = await store.OpenListenerAsync(cancellationToken);
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
        Changed?.Invoke(this, new StoreChange(revision));
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
        while (true)
        {
            try
            {
                await using (listener)
                {
                    while (true)
                    {
                        await listener.WaitAsync(stopping.Token);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception lost) when (lost is NpgsqlException or InvalidOperationException or IOException)
            {
                // the connection is gone: listen again below
            }

            listener = await RelistenAsync();
            Changed?.Invoke(this, StoreChange.Unknown);
        }
    }

    /// <summary>Opens a new listening connection, pausing longer after each failure, until it listens or the store stops.</summary>
    private async Task<NpgsqlConnection> RelistenAsync()
    {
        for (var pause = FirstRelistenPause; ; pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestRelistenPause.Ticks)))
        {
            await Task.Delay(pause, stopping.Token);
            try
            {
                return await OpenListenerAsync(stopping.Token);
            }
            catch (Exception failed) when (failed is NpgsqlException or InvalidOperationException or IOException)
            {
                // the database is still unreachable: try again
            }
        }
    }

    private async Task<NpgsqlConnection> OpenListenerAsync(CancellationToken cancellationToken)
    {
        var listener = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            listener.Notification += (_, notification) => Changed?.Invoke(this, RevisionOf(notification.Payload));
            await SqlSession.ExecuteAsync(listener, null, $"LISTEN {Channel}", cancellationToken);
            return listener;
        }
        catch
        {
            await listener.DisposeAsync();
            throw;
        }
    }

    /// <summary>The revision a commit notified (<see cref="WriteAsync{T}"/> sends it as text); unknown if the payload is not one.</summary>
    private static StoreChange RevisionOf(string payload) =>
        long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? new StoreChange(revision) : StoreChange.Unknown;

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
