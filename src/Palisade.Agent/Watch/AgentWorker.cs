using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Agent.Apply;

namespace Palisade.Agent.Watch;

/// <summary>
/// Two loops. The watch loop long-polls the feed and applies each answer, then reports; when the
/// server cannot be reached it keeps the ruleset in force and retries with capped exponential
/// backoff (design.md §5: an agent that loses the server keeps enforcing the last policy). The
/// maintenance loop reconciles the kernel with what was applied and reports counters periodically.
/// </summary>
internal sealed partial class AgentWorker(
    FeedClient feed,
    RulesetApplier applier,
    IOptions<AgentOptions> options,
    ILogger<AgentWorker> logger) : BackgroundService
{
    private readonly AgentOptions settings = options.Value;
    private int reportFailures;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Starting(logger, settings.Host, settings.Server!, settings.Namespace ?? "(the agent's own)");
        await applier.EnsureFailClosedAsync(stoppingToken);
        await Task.WhenAll(WatchAsync(stoppingToken), MaintainAsync(stoppingToken));
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        long? since = null;
        var backoff = settings.InitialBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var policy = await feed.GetPolicyAsync(since, stoppingToken);
                backoff = settings.InitialBackoff;
                if (since is null || policy.Revision != since)
                {
                    await applier.ApplyAsync(policy, stoppingToken);
                    await ReportAsync(stoppingToken);
                }

                since = policy.Revision;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException)
            {
                Log.FeedUnavailable(logger, backoff, e.Message);
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
    }

    private async Task MaintainAsync(CancellationToken stoppingToken)
    {
        var tick = TimeSpan.FromTicks(Math.Min(settings.ReconcileInterval.Ticks, settings.ReportInterval.Ticks));
        using var timer = new PeriodicTimer(tick);
        var nextReconcile = DateTimeOffset.UtcNow;
        var nextReport = DateTimeOffset.UtcNow + settings.ReportInterval;
        try
        {
            do
            {
                var now = DateTimeOffset.UtcNow;
                if (now >= nextReconcile)
                {
                    await applier.ReconcileAsync(stoppingToken);
                    nextReconcile = now + settings.ReconcileInterval;
                }

                if (now >= nextReport)
                {
                    await ReportAsync(stoppingToken);
                    nextReport = now + settings.ReportInterval;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
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
    }
}
