using Palisade.Core.Policy;
using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// The policy snapshot of the store's current revision, read once per revision. Every write wakes
/// every agent's long poll at once, and each of them would otherwise read the whole store; asking
/// the store for its revision is one small query, so every server (PostgreSQL ones included) still
/// answers from the newest committed state.
/// </summary>
internal sealed class SnapshotCache
{
    private PolicySnapshot? current;

    public async Task<PolicySnapshot> GetAsync(IPalisadeStore store, CancellationToken cancellationToken)
    {
        var revision = await store.RevisionAsync(cancellationToken);
        var cached = Volatile.Read(ref current);
        if (cached is not null && cached.Revision == revision)
        {
            return cached;
        }

        var snapshot = await store.ReadAsync(session => SnapshotReader.ReadAsync(session, cancellationToken), cancellationToken);

        // Concurrent misses may both read; keep the newer, never go back.
        PolicySnapshot? seen;
        do
        {
            seen = Volatile.Read(ref current);
            if (seen is not null && seen.Revision >= snapshot.Revision)
            {
                break;
            }
        }
        while (Interlocked.CompareExchange(ref current, snapshot, seen) != seen);

        return snapshot;
    }
}
