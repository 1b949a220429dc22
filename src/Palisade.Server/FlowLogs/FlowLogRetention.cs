using Palisade.Server.Infrastructure;
using Palisade.Store.FlowLogs;

namespace Palisade.Server.FlowLogs;

/// <summary>
/// Prunes the flow logs to <see cref="FlowLogOptions"/> at start and then every prune interval, on
/// the server's clock, in the store's short batches; a failed pass is logged and the next tries again.
/// </summary>
internal sealed partial class FlowLogRetention(IFlowLogStore store, FlowLogOptions options, TimeProvider clock, ILogger<FlowLogRetention> logger)
    : PeriodicPruning(options.PruneInterval, clock)
{
    protected override async Task PruneOnceAsync(CancellationToken stoppingToken)
    {
        var receivedBefore = Clock.GetUtcNow() - options.MaxAge;
        var pruned = await store.PruneFlowLogsAsync(receivedBefore, options.MaxRecords, stoppingToken);
        if (pruned > 0)
        {
            Log.Pruned(logger, pruned, receivedBefore, options.MaxRecords);
        }
    }

    protected override void PruneFailed(Exception error) => Log.PruneFailed(logger, error);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Pruned {Count} flow-log records received before {ReceivedBefore:O} or beyond the newest {MaxRecords}")]
        public static partial void Pruned(ILogger logger, int count, DateTimeOffset receivedBefore, long maxRecords);

        [LoggerMessage(2, LogLevel.Warning, "Could not prune the flow logs; the next pass tries again")]
        public static partial void PruneFailed(ILogger logger, Exception error);
    }
}
