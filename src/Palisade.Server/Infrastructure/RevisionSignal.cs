using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// The store's revision as this server knows it, held in memory, and the long polls waiting for it
/// to change. It advances on the store's <see cref="IPalisadeStore.Changed"/> (this server's
/// commits, and on PostgreSQL every server's through LISTEN/NOTIFY), so a parked poll holds no
/// database connection and costs no query. <see cref="RefreshAsync"/> reads the revision from the
/// store: at start, when the store says commits may have been missed, and periodically
/// (<see cref="RevisionRefresh"/>), so a lost notification leaves a server behind for a bounded time
/// only. Each waiter gets the task of the current generation; a change completes it and starts
/// the next one.
/// </summary>
internal sealed class RevisionSignal
{
    private readonly Lock gate = new();
    private readonly IPalisadeStore store;
    private TaskCompletionSource changed = NewGeneration();
    private long current;
    private long observed;
    private Task? refreshing;
    private long requested;
    private int watchers;

    public RevisionSignal(IPalisadeStore store, long revision)
    {
        this.store = store;
        current = revision;
        store.Changed += (_, change) => OnChanged(change);
    }

    public int Watchers => Volatile.Read(ref watchers);

    /// <summary>The newest revision this server knows was committed.</summary>
    public long Current => Volatile.Read(ref current);

    /// <summary>Times the revision was read from the store (not counting the one at start).</summary>
    public long Refreshes { get; private set; }

    /// <summary>A revision was committed: it becomes current if newer (notifications may come late or twice).</summary>
    public void Advance(long revision)
    {
        lock (gate)
        {
            observed++;
            if (revision > current)
            {
                Publish(revision);
            }
        }
    }

    /// <summary>
    /// Reads the revision from the store and makes it current. Concurrent calls share one read, and
    /// a call made while a read is under way gets one more after it, so it never settles for a read
    /// that began before it. A read that no commit overtook is the store's truth, even when lower
    /// (the store was restored or replaced); one a commit overtook only ever raises the revision.
    /// </summary>
    public Task RefreshAsync()
    {
        lock (gate)
        {
            requested++;
            return refreshing ??= ReadUntilCurrentAsync();
        }
    }

    /// <summary>Waits until the revision is other than <paramref name="known"/> or the time is up.</summary>
    public async Task WaitAsync(long known, TimeSpan limit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref watchers);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(limit);
            while (true)
            {
                // Take the generation before checking, so a change between check and wait still wakes us.
                var next = Volatile.Read(ref changed).Task;
                if (Current != known)
                {
                    return;
                }

                try
                {
                    await next.WaitAsync(deadline.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref watchers);
        }
    }

    private void OnChanged(StoreChange change)
    {
        if (change.Revision is { } revision)
        {
            Advance(revision);
        }
        else
        {
            _ = RefreshInBackgroundAsync();
        }
    }

    private async Task ReadUntilCurrentAsync()
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                long request, observedBefore;
                lock (gate)
                {
                    (request, observedBefore) = (requested, observed);
                }

                var revision = await store.RevisionAsync(CancellationToken.None);
                lock (gate)
                {
                    Refreshes++;
                    if (revision != current && (revision > current || observed == observedBefore))
                    {
                        Publish(revision);
                    }

                    if (requested == request)
                    {
                        refreshing = null;
                        return;
                    }
                }
            }
        }
        catch
        {
            lock (gate)
            {
                refreshing = null;
            }

            throw;
        }
    }

    /// <summary>A refresh nobody awaits (the store reported missed commits): a failure is left to the periodic one.</summary>
    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (Exception failed) when (failed is not OutOfMemoryException)
        {
            // RevisionRefresh reads it again on its next tick.
        }
    }

    private void Publish(long revision)
    {
        Volatile.Write(ref current, revision);
        Interlocked.Exchange(ref changed, NewGeneration()).TrySetResult();
    }

    private static TaskCompletionSource NewGeneration() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
