using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// Prunes the audit log to <see cref="AuditRetentionOptions"/> at start and then every prune interval,
/// on the server's clock. The store deletes in short batches (<see cref="IPalisadeStore.PruneAuditEventsAsync"/>),
/// so API writes interleave with a long prune; a failed pass is logged and the next one tries again.
/// </summary>
internal sealed partial class AuditRetention(IPalisadeStore store, AuditRetentionOptions options, TimeProvider clock, ILogger<AuditRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PruneInterval, clock);
        try
        {
            do
            {
                await PruneAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task PruneAsync(CancellationToken stoppingToken)
    {
        var createdBefore = clock.GetUtcNow() - options.MaxAge;
        try
        {
            var pruned = await store.PruneAuditEventsAsync(createdBefore, options.MaxEvents, stoppingToken);
            if (pruned > 0)
            {
                Log.Pruned(logger, pruned, createdBefore, options.MaxEvents);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            Log.PruneFailed(logger, error);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Pruned {Count} audit events created before {CreatedBefore:O} or beyond the newest {MaxEvents}")]
        public static partial void Pruned(ILogger logger, int count, DateTimeOffset createdBefore, int maxEvents);

        [LoggerMessage(2, LogLevel.Warning, "Could not prune the audit log; the next pass tries again")]
        public static partial void PruneFailed(ILogger logger, Exception error);
    }
}
