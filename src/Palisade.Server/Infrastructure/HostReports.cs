using Palisade.Server.Documents;
using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>Reads the agents' reports: which host enforces a port, and rule hits summed over hosts.</summary>
internal static class HostReports
{
    public static Task<HostStatusDocument?> ForHostAsync(IStoreSession session, string host, CancellationToken cancellationToken) =>
        session.GetAsync<HostStatusDocument>(Kinds.HostStatus, host, cancellationToken);

    public static async Task<Dictionary<string, (long Packets, long Bytes)>> RuleHitsAsync(IStoreSession session, CancellationToken cancellationToken)
    {
        var hits = new Dictionary<string, (long Packets, long Bytes)>(StringComparer.Ordinal);
        foreach (var report in await session.ListAsync<HostStatusDocument>(Kinds.HostStatus, null, cancellationToken))
        {
            foreach (var counter in report.Counters)
            {
                var sum = hits.GetValueOrDefault(counter.RuleId);
                hits[counter.RuleId] = (sum.Packets + counter.Packets, sum.Bytes + counter.Bytes);
            }
        }

        return hits;
    }
}
