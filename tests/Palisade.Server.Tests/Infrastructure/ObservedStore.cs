using Palisade.Store;
using Palisade.Store.Sqlite;

namespace Palisade.Server.Tests.Infrastructure;

/// <summary>
/// A real SQLite store in a temporary directory that counts its revision queries and whole reads,
/// can hold reads until a test releases them (so concurrent misses overlap for sure), and can stop
/// passing on its change events (a missed notification).
/// </summary>
internal sealed class ObservedStore : IPalisadeStore
{
    private readonly SqliteStore inner;
    private readonly string directory;
    private TaskCompletionSource readsReleased = Released();
    private int revisionQueries;
    private int reads;

    private ObservedStore(SqliteStore inner, string directory)
    {
        this.inner = inner;
        this.directory = directory;
        inner.Changed += (sender, change) =>
        {
            if (!Muted)
            {
                Changed?.Invoke(this, change);
            }
        };
    }

    public event EventHandler<StoreChange>? Changed;

    public int RevisionQueries => Volatile.Read(ref revisionQueries);

    public int Reads => Volatile.Read(ref reads);

    /// <summary>While set, commits raise no <see cref="Changed"/>.</summary>
    public bool Muted { get; set; }

    public static async Task<ObservedStore> OpenAsync()
    {
        var directory = Directory.CreateTempSubdirectory("palisade-observed-").FullName;
        return new ObservedStore(await SqliteStore.OpenAsync(Path.Combine(directory, "palisade.db"), CancellationToken.None), directory);
    }

    /// <summary>Reads from now on wait for <see cref="ReleaseReads"/>.</summary>
    public void HoldReads() => readsReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseReads() => readsReleased.TrySetResult();

    /// <summary>A commit that changes nothing but the revision; returns the revision it committed.</summary>
    public Task<long> CommitAsync() => inner.WriteAsync(session => Task.FromResult(session.Revision), CancellationToken.None);

    /// <summary>Tells listeners that commits may have been missed, as the PostgreSQL store does when it listens again.</summary>
    public void ReportMissedCommits() => Changed?.Invoke(this, StoreChange.Unknown);

    public Task<long> RevisionAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref revisionQueries);
        return inner.RevisionAsync(cancellationToken);
    }

    public async Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref reads);
        await readsReleased.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return await inner.ReadAsync(work, cancellationToken);
    }

    public Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken) => inner.WriteAsync(work, cancellationToken);

    public Task ReportAsync(string kind, string id, string body, CancellationToken cancellationToken) => inner.ReportAsync(kind, id, body, cancellationToken);

    public Task<int> PruneAuditEventsAsync(DateTimeOffset createdBefore, int keepNewest, CancellationToken cancellationToken) =>
        inner.PruneAuditEventsAsync(createdBefore, keepNewest, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }
}
