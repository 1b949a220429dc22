using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// Prunes the audit log to <see cref="AuditRetentionOptions"/> at start and then every prune interval,
/// on the server's clock. The store deletes in short batches (<see cref="IPalisadeStore.PruneAuditEventsAsync"/>),
/// so API writes interleave with a long prune; a failed pass is logged and the next one tries again.
/// </summary>
internal sealed partial class AuditRetention(IPalisadeStore store, AuditRetentionOptions options, TimeProvider clock, ILogger<AuditRetention> logger)
    : PeriodicPruning(options.PruneInterval, clock)
{
    protected override async Task PruneOnceAsync(CancellationToken stoppingToken)
    {
        var createdBefore = Clock.GetUtcNow() - options.MaxAge;
        var pruned = await store.PruneAuditEventsAsync(createdBefore, options.MaxEvents, stoppingToken);
        if (pruned > 0)
        {
            Log.Pruned(logger, pruned, createdBefore, options.MaxEvents);
        }
    }

    protected override void PruneFailed(Exception error) => Log.PruneFailed(logger, error);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Pruned {Count} audit events created before {CreatedBefore:O} or beyond the newest {MaxEvents}")]
        public static partial void Pruned(ILogger logger, int count, DateTimeOffset createdBefore, int maxEvents);

        [LoggerMessage(2, LogLevel.Warning, "Could not prune the audit log; the next pass tries again")]
        public static partial void PruneFailed(ILogger logger, Exception error);
    }
}
