using Microsoft.Data.Sqlite;

namespace Palisade.Store.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, so readers never wait for the writer. Writers
/// are serialized in-process and by <c>BEGIN IMMEDIATE</c> across processes; each write is one
/// transaction that bumps the global revision. The applied schema version is <c>PRAGMA user_version</c>.
/// Writers do not checkpoint the WAL on every crossing of 1,000 pages (SQLite's default makes that
/// commit pay for it, a latency spike for that client); a background loop checkpoints once a second
/// after writes instead. That passive checkpoint cannot keep the WAL bounded on its own: it copies
/// only the frames older than the oldest open read snapshot, and SQLite starts the WAL over only once
/// no reader uses it, so while readers overlap (agents' feed reads during a sustained load) the WAL
/// only grows (https://sqlite.org/wal.html, "Avoiding Excessively Large WAL Files"; it reached
/// 4.9 GB for a 368 MB database). So the writer, after a commit leaves the WAL past its limit,
/// checkpoints with TRUNCATE before it lets the next write in (see <see cref="BoundWalAsync"/>).
/// Every connection enforces foreign keys (SQLite leaves them off unless asked,
/// https://sqlite.org/foreignkeys.html), so deleting a group deletes its rules and tags.
/// </summary>
public sealed partial class SqliteStore : IPalisadeStore
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CheckpointWait = TimeSpan.FromSeconds(10);

    /// <summary>Rows one prune batch deletes: a few milliseconds of the writer (docs/benchmarks.md).</summary>
    private const int PruneBatch = 500;

    /// <summary>The WAL size past which the writer checkpoints and truncates it (see <see cref="BoundWalAsync"/>).</summary>
    public const long DefaultWalLimitBytes = 64L << 20;

    private readonly string connectionString;
    private readonly string walPath;
    private readonly long walLimitBytes;
    private readonly TimeProvider clock;
    private readonly SemaphoreSlim writer = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task checkpoints;
    private int writesSinceCheckpoint;

    private SqliteStore(string connectionString, string path, long walLimitBytes, TimeProvider clock)
    {
        this.clock = clock;
        this.connectionString = connectionString;
        walPath = path + "-wal";
        this.walLimitBytes = walLimitBytes;
        checkpoints = CheckpointAsync(stopping.Token);
    }

    public event EventHandler<StoreChange>? Changed;

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/> and applies pending migrations.</summary>
    public static Task<SqliteStore> OpenAsync(string path, CancellationToken cancellationToken) =>
        OpenAsync(path, TimeProvider.System, cancellationToken);

    /// <summary>As <see cref="OpenAsync(string, CancellationToken)"/>, stamping resources with <paramref name="clock"/>'s time.</summary>
    public static Task<SqliteStore> OpenAsync(string path, TimeProvider clock, CancellationToken cancellationToken) =>
        OpenAsync(path, DefaultWalLimitBytes, clock, cancellationToken);

    /// <summary>As <see cref="OpenAsync(string, TimeProvider, CancellationToken)"/>, with the WAL bounded by <paramref name="walLimitBytes"/>.</summary>
    internal static async Task<SqliteStore> OpenAsync(string path, long walLimitBytes, TimeProvider clock, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30, ForeignKeys = true };
        var store = new SqliteStore(builder.ToString(), Path.GetFullPath(path), walLimitBytes, clock);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await SqlSession.ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        await using var versionCommand = connection.CreateCommand();
        versionCommand.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        for (var step = version; step < SchemaMigrations.Steps.Length; step++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await SqlSession.ExecuteAsync(connection, transaction, SchemaMigrations.Steps[step].Sqlite, cancellationToken);
            await SqlSession.ExecuteAsync(connection, transaction, $"PRAGMA user_version = {step + 1};", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return store;
    }

    public async Task<long> RevisionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await SqlSession.CurrentRevisionAsync(connection, null, forUpdate: false, cancellationToken);
    }

    public async Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await work(new SqlSession(connection, transaction, revision: null, clock));
    }

    public async Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        T result;
        long revision;
        await writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await SqlSession.ExecuteAsync(connection, null, "PRAGMA wal_autocheckpoint = 0; BEGIN IMMEDIATE;", cancellationToken);
            try
            {
                revision = 1 + await SqlSession.CurrentRevisionAsync(connection, null, forUpdate: false, cancellationToken);
                result = await work(new SqlSession(connection, null, revision, clock));
                await SqlSession.ExecuteAsync(connection, null, "UPDATE store_revision SET revision = @revision WHERE id = 1; COMMIT;", cancellationToken, ("revision", revision));
            }
            catch
            {
                await SqlSession.ExecuteAsync(connection, null, "ROLLBACK;", CancellationToken.None);
                throw;
            }

            await BoundWalAsync(connection);
        }
        finally
        {
            writer.Release();
        }

        Interlocked.Increment(ref writesSinceCheckpoint);
        Changed?.Invoke(this, new StoreChange(revision));
        return result;
    }

    public async Task ReportAsync(string kind, string id, string body, CancellationToken cancellationToken)
    {
        await writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await SqlSession.UpsertReportAsync(connection, kind, id, body, clock, cancellationToken);
            await BoundWalAsync(connection);
        }
        finally
        {
            writer.Release();
        }
    }

    /// <summary>Each batch holds the writer only for its own delete (<see cref="PruneBatch"/> rows), so writes interleave with a long prune.</summary>
    public async Task<int> PruneAuditEventsAsync(DateTimeOffset createdBefore, int keepNewest, CancellationToken cancellationToken)
    {
        string? throughId;
        await using (var connection = await OpenConnectionAsync(cancellationToken))
        {
            throughId = await SqlSession.NewestAuditIdBeyondAsync(connection, keepNewest, cancellationToken);
        }

        var total = 0;
        string? after = null;
        for (var full = true; full;)
        {
            await writer.WaitAsync(cancellationToken);
            try
            {
                await using var connection = await OpenConnectionAsync(cancellationToken);
                (var deleted, after, full) = await SqlSession.DeleteOldestAuditEventsAsync(connection, createdBefore, throughId, after, PruneBatch, cancellationToken);
                total += deleted;
                await BoundWalAsync(connection);
            }
            finally
            {
                writer.Release();
            }
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await checkpoints;
        stopping.Dispose();
        writer.Dispose();
    }

    /// <summary>
    /// Called by the writer, still holding the write lock, after a commit: when the WAL has grown past
    /// its limit, a TRUNCATE checkpoint copies every frame into the database and empties the WAL
    /// file. It waits (SQLite's busy handler, up to <see cref="CheckpointWait"/>) for the readers open
    /// now to finish; readers that start meanwhile read the newest snapshot, which is whole in the
    /// database once copied, and no write can start, so the wait ends when the slowest current reader
    /// does. The WAL therefore stays under the limit plus one transaction. A reader that holds its
    /// snapshot longer than the wait makes this checkpoint give up (SQLite answers busy); the next
    /// write tries again.
    /// </summary>
    private async Task BoundWalAsync(SqliteConnection connection)
    {
        if (!File.Exists(walPath) || new FileInfo(walPath).Length <= walLimitBytes)
        {
            return;
        }

        await SqlSession.ExecuteAsync(connection, null, $"PRAGMA busy_timeout = {(int)CheckpointWait.TotalMilliseconds}; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA busy_timeout = 0;", CancellationToken.None);
    }

    /// <summary>A passive checkpoint never blocks readers or the writer; it copies what it can and tries again later.</summary>
    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(CheckpointInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (Interlocked.Exchange(ref writesSinceCheckpoint, 0) > 0)
                {
                    await using var connection = await OpenConnectionAsync(cancellationToken);
                    await SqlSession.ExecuteAsync(connection, null, "PRAGMA wal_checkpoint(PASSIVE);", cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
