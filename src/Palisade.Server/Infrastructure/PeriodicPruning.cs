namespace Palisade.Server.Infrastructure;

/// <summary>
/// A retention loop: one pass at start and then every <paramref name="interval"/> on the server's
/// clock. A pass that fails is reported through <see cref="PruneFailed"/> and the next one tries
/// again, so a store that is briefly unreachable never stops retention for good.
/// </summary>
internal abstract class PeriodicPruning(TimeSpan interval, TimeProvider clock) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Clock);
        try
        {
            do
            {
                try
                {
                    await PruneOnceAsync(stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    PruneFailed(error);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>One pass: deletes what is past the limits, logging what it deleted.</summary>
    protected abstract Task PruneOnceAsync(CancellationToken stoppingToken);

    protected abstract void PruneFailed(Exception error);
}
