namespace Palisade.Server.Infrastructure;

/// <summary>
/// Reads the store's revision every <see cref="Interval"/> on the server's clock
/// (<see cref="RevisionSignal.RefreshAsync"/>), so a server that missed a PostgreSQL notification
/// without noticing (a connection that died silently) answers its long polls at most that much
/// later, instead of at the end of each poll's wait. One one-row query per interval per server.
/// </summary>
internal sealed partial class RevisionRefresh(RevisionSignal signal, TimeProvider clock, ILogger<RevisionRefresh> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await signal.RefreshAsync().WaitAsync(stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    Log.RefreshFailed(logger, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not read the store's revision; the next check tries again")]
        public static partial void RefreshFailed(ILogger logger, Exception error);
    }
}
