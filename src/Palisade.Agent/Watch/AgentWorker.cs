using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Agent.Apply;
using Palisade.Agent.Reconcile;

namespace Palisade.Agent.Watch;

/// <summary>
/// Four loops. The watch loop long-polls the feed and applies each answer, then reports; when the
/// server cannot be reached it keeps the ruleset in force and retries with capped exponential
/// backoff (design.md §5: an agent that loses the server keeps enforcing the last policy). The
/// repair loop reconciles the kernel with what was applied as soon as the table changes; the
/// periodic reconcile is its backstop; the report loop sends counters periodically.
/// </summary>
internal sealed partial class AgentWorker(
    FeedClient feed,
    RulesetApplier applier,
    AgentStatistics statistics,
    TableMonitor monitor,
    TimeProvider time,
    IOptions<AgentOptions> options,
    ILogger<AgentWorker> logger) : BackgroundService
{
    /// <summary>How long a change to the table may keep coming in before the reconcile looks: long enough for one burst, short against the repair window.</summary>
    private static readonly TimeSpan ChangeSettleTime = TimeSpan.FromMilliseconds(50);

    private readonly AgentOptions settings = options.Value;
    private int reportFailures;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Starting(logger, settings.Host, settings.Server!, settings.Namespace ?? "(the agent's own)");
        await applier.EnsureFailClosedAsync(stoppingToken);
        await Task.WhenAll(WatchAsync(stoppingToken), ReconcileEveryIntervalAsync(stoppingToken), ReportEveryIntervalAsync(stoppingToken), RepairOnChangeAsync(stoppingToken));
    }

    /// <summary>
    /// Nothing a server sends may stop the agent: an answer it cannot reach, read or use is logged,
    /// reported in the status, and asked for again after the backoff, with the last good ruleset in
    /// force meanwhile. <c>since</c> moves only when a feed is read, so the retry asks for the same change.
    /// </summary>
    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        long? since = null;
        var backoff = settings.InitialBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            string problem;
            try
            {
                var policy = await feed.GetPolicyAsync(since, stoppingToken);
                if (policy is not null && policy.Revision == since)
                {
                    // A timed-out wait: nothing changed.
                    Recovered(ref backoff);
                    continue;
                }

                var refused = await applier.ApplyAsync(policy, stoppingToken);
                if (refused is null)
                {
                    if (policy!.Revision < since)
                    {
                        Log.RevisionWentBack(logger, since.Value, policy.Revision);
                    }

                    since = policy.Revision;
                    Recovered(ref backoff);
                    await ReportAsync(stoppingToken);
                    continue;
                }

                problem = $"the policy feed{(policy is null ? "" : $" of revision {policy.Revision}")} was refused, keeping the applied ruleset: {refused}";
                Log.FeedRefused(logger, backoff, problem);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                problem = $"the policy feed could not be fetched: {e.Message}";
                Log.FeedUnavailable(logger, backoff, e.Message);
            }
            catch (Exception e)
            {
                // Whatever else the answer makes the client throw (JSON that does not parse or does not fit the
                // types, a charset it does not know, ...) is a bad answer too, not a reason to stop enforcing.
                problem = $"the policy feed answer could not be read ({e.GetType().Name}): {e.Message}";
                Log.FeedUnreadable(logger, backoff, e, problem);
            }

            statistics.FeedFailed(problem);
            try
            {
                // Jitter, so that a fleet of agents does not come back in step after a server restart.
                await Task.Delay(backoff * (0.75 + (Random.Shared.NextDouble() / 2)), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, settings.MaxBackoff.Ticks));
        }
    }

    private void Recovered(ref TimeSpan backoff)
    {
        backoff = settings.InitialBackoff;
        statistics.FeedRead();
    }

    /// <summary>
    /// The periodic reconcile: the backstop behind <see cref="RepairOnChangeAsync"/>, and the retry
    /// of a policy nft refused. Its own timer, not one shared with the reports: with one timer the
    /// "is it time yet" test skipped a whole tick whenever the timer fired a moment early, so a
    /// 5 s interval repaired drift after 10 s.
    /// </summary>
    private async Task ReconcileEveryIntervalAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.ReconcileInterval, time);
        try
        {
            do
            {
                await GuardedAsync("Reconcile", applier.ReconcileAsync, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReportEveryIntervalAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.ReportInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await GuardedAsync("Status report", ReportAsync, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Reconciles as soon as <see cref="TableMonitor"/> sees the table change, after a short pause
    /// that lets a burst of events (a flush is one event per rule) end, so a burst costs one
    /// reconcile. The monitor also signals each time it (re)starts.
    /// </summary>
    private async Task RepairOnChangeAsync(CancellationToken stoppingToken)
    {
        var monitoring = monitor.RunAsync(stoppingToken);
        try
        {
            while (await monitor.Changes.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(ChangeSettleTime, time, stoppingToken);
                while (monitor.Changes.TryRead(out _))
                {
                }

                await GuardedAsync("Reconcile on a change to the table", applier.ReconcileAsync, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await monitoring;
    }

    /// <summary>A failure of one maintenance task (nft missing for a moment, an unexpected answer) must not end the loop that keeps the kernel right.</summary>
    private async Task GuardedAsync(string task, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        try
        {
            await work(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            Log.MaintenanceFailed(logger, task, e);
        }
    }

    private async Task ReportAsync(CancellationToken stoppingToken)
    {
        try
        {
            await feed.ReportAsync(await applier.StatusAsync(stoppingToken), stoppingToken);
            if (Interlocked.Exchange(ref reportFailures, 0) > 0)
            {
                Log.ReportingAgain(logger);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !stoppingToken.IsCancellationRequested)
        {
            // One warning per outage; the watch loop already says the server is gone.
            if (Interlocked.Increment(ref reportFailures) == 1)
            {
                Log.ReportFailed(logger, e.Message);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Palisade agent for host {Host}, server {Server}, network namespace {Namespace}")]
        public static partial void Starting(ILogger logger, string host, Uri server, string @namespace);

        [LoggerMessage(2, LogLevel.Warning, "Policy feed unavailable, keeping the applied ruleset; retrying in {Backoff}: {Error}")]
        public static partial void FeedUnavailable(ILogger logger, TimeSpan backoff, string error);

        [LoggerMessage(3, LogLevel.Warning, "Status report failed: {Error}")]
        public static partial void ReportFailed(ILogger logger, string error);

        [LoggerMessage(4, LogLevel.Information, "Status reports reach the server again")]
        public static partial void ReportingAgain(ILogger logger);

        [LoggerMessage(5, LogLevel.Error, "Policy feed refused, retrying in {Backoff}: {Problem}")]
        public static partial void FeedRefused(ILogger logger, TimeSpan backoff, string problem);

        [LoggerMessage(6, LogLevel.Error, "Policy feed answer unreadable, keeping the applied ruleset; retrying in {Backoff}: {Problem}")]
        public static partial void FeedUnreadable(ILogger logger, TimeSpan backoff, Exception exception, string problem);

        [LoggerMessage(8, LogLevel.Warning, "The server's revision went back from {Previous} to {Revision} (restored or replaced); following the server")]
        public static partial void RevisionWentBack(ILogger logger, long previous, long revision);

        [LoggerMessage(7, LogLevel.Error, "{Task} failed, trying again at the next tick")]
        public static partial void MaintenanceFailed(ILogger logger, string task, Exception exception);
    }
}
