using Palisade.Core.Policy;
using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// The policy snapshot of the store's current revision with its <see cref="PolicyIndex"/>, read and
/// indexed once per revision and shared by every reader (the host feed, explain, effective rules,
/// lint, reachability, what-if). Every write wakes every agent's long poll at once; the revision
/// they need is the one <see cref="RevisionSignal"/> holds in memory, so an answer costs no query
/// when the snapshot is cached. Concurrent misses share one read (one task): a second read starts
/// only for a newer revision than the one under way, and the cache never goes back to an older
/// revision than it holds unless the store's own revision went back (restored or replaced).
/// </summary>
internal sealed class SnapshotCache(RevisionSignal revisions)
{
    private readonly Lock gate = new();
    private PolicyIndex? current;
    private PendingRead? reading;
    private long reads;

    /// <summary>Times the whole store was read since start.</summary>
    public long Reads => Volatile.Read(ref reads);

    /// <summary>The index of the revision this server knows (in memory): what the host feed answers from.</summary>
    public Task<PolicyIndex> GetIndexAsync(IPalisadeStore store, CancellationToken cancellationToken)
    {
        var wanted = revisions.Current;
        Task<PolicyIndex> read;
        lock (gate)
        {
            if (current is not null && current.Snapshot.Revision == wanted)
            {
                return Task.FromResult(current);
            }

            if (reading is { } pending && pending.Revision >= wanted)
            {
                read = pending.Read;
            }
            else
            {
                read = ReadAsync(store, wanted);
                reading = new PendingRead(wanted, read);
            }
        }

        // The read is shared: one caller giving up must not cancel it for the others.
        return read.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// As <see cref="GetIndexAsync"/>, after reading the store's revision (one small query, shared by
    /// concurrent callers): for one-off views such as explain, which must show a write committed
    /// through another server a moment ago, before its notification has arrived.
    /// </summary>
    public async Task<PolicyIndex> GetCurrentIndexAsync(IPalisadeStore store, CancellationToken cancellationToken)
    {
        await revisions.RefreshAsync().WaitAsync(cancellationToken);
        return await GetIndexAsync(store, cancellationToken);
    }

    /// <summary>The snapshot of <see cref="GetCurrentIndexAsync"/>.</summary>
    public async Task<PolicySnapshot> GetAsync(IPalisadeStore store, CancellationToken cancellationToken) =>
        (await GetCurrentIndexAsync(store, cancellationToken)).Snapshot;

    private async Task<PolicyIndex> ReadAsync(IPalisadeStore store, long wanted)
    {
        // Leave the caller's lock before touching the store.
        await Task.Yield();
        try
        {
            Interlocked.Increment(ref reads);
            var snapshot = await store.ReadAsync(session => SnapshotReader.ReadAsync(session, CancellationToken.None), CancellationToken.None);
            var index = new PolicyIndex(snapshot);

            // Build every group's members now, once, rather than under the first answers.
            index.MembersOf(string.Empty);
            lock (gate)
            {
                if (current is null || snapshot.Revision >= current.Snapshot.Revision || snapshot.Revision == revisions.Current)
                {
                    current = index;
                }

                Finished(wanted);
            }

            // The read may have seen a commit whose notification is still on its way.
            revisions.Advance(snapshot.Revision);
            return index;
        }
        catch
        {
            lock (gate)
            {
                Finished(wanted);
            }

            throw;
        }
    }

    private void Finished(long wanted)
    {
        if (reading?.Revision == wanted)
        {
            reading = null;
        }
    }

    private sealed record PendingRead(long Revision, Task<PolicyIndex> Read);
}
