using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Agent.Apply;

namespace Palisade.Agent.Reconcile;

/// <summary>
/// Tells the agent at once when anything changes the agent's table, so drift (a table deleted, a
/// chain flushed, a rule inserted by hand) is repaired within a moment instead of at the next
/// periodic check. It runs <c>nft monitor</c> and watches its output, one line per change
/// ("delete table inet palisade", "insert rule inet palisade forward_ingress accept", ...).
/// <para>
/// Why a supervised <c>nft monitor</c> and not a netlink socket of our own: nft monitor is exactly a
/// NETLINK_NETFILTER socket subscribed to the NFNLGRP_NFTABLES group, decoded by libnftables. The
/// agent's data plane may live in another network namespace (<see cref="AgentOptions.Namespace"/>),
/// and a netlink socket belongs to the namespace of the thread that opens it: our own socket would
/// need setns(2) on a dedicated thread, and a hand-written decoder of nf_tables messages to tell our
/// table's events from others'. <c>ip netns exec … nft monitor</c> gets both from the same tool,
/// in the same namespace, that the agent already applies and lists the table with.
/// </para>
/// <para>
/// The monitor is restarted whenever it exits (after a short delay that grows while it keeps dying
/// at once), and every start raises a change, so whatever happened while no monitor was listening
/// is found by the reconcile that follows. The agent's own writes are told apart by the process
/// that made them (<see cref="TableEvents"/>); one that slips through costs a reconcile that finds
/// the table as applied and does nothing (see <see cref="RulesetApplier.ReconcileAsync"/>).
/// </para>
/// </summary>
internal sealed partial class TableMonitor(
    CommandRunner runner,
    AgentStatistics statistics,
    TimeProvider time,
    IOptions<AgentOptions> options,
    ILogger<TableMonitor> logger)
{
    private static readonly TimeSpan FirstRestartDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);

    /// <summary>A monitor that ran this long before it exited is restarted after the first delay again.</summary>
    private static readonly TimeSpan HealthyRun = TimeSpan.FromSeconds(30);

    /// <summary>One pending signal is enough: a burst of events (a flush, a whole-table apply) needs one reconcile.</summary>
    private readonly Channel<bool> changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private volatile int processId;

    /// <summary>Signals that the table may have changed (or that nobody was watching for a while).</summary>
    public ChannelReader<bool> Changes => changes.Reader;

    /// <summary>The running monitor's process, for the tests that kill it; null while none runs.</summary>
    internal int? ProcessId => processId == 0 ? null : processId;

    /// <summary>Runs and restarts the monitor until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRestartDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                var error = await WatchAsync(stoppingToken);
                Log.MonitorExited(logger, delay, error);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // nft missing or not runnable: the periodic reconcile still works; keep trying.
                Log.MonitorFailed(logger, delay, e);
            }

            processId = 0;
            delay = time.GetElapsedTime(started) >= HealthyRun ? FirstRestartDelay : delay;
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRestartDelay.Ticks));
        }
    }

    /// <summary>Runs one monitor until it exits; returns what it said on standard error.</summary>
    private async Task<string> WatchAsync(CancellationToken stoppingToken)
    {
        using var process = runner.Start(options.Value.Nft, ["monitor"]);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        processId = process.Id;
        statistics.MonitorStarted();
        changes.Writer.TryWrite(true);
        var events = new TableEvents(runner.StartedRecently);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(stoppingToken) is { } line)
            {
                if (events.EndsForeignChange(line))
                {
                    changes.Writer.TryWrite(true);
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }

        return (await error).Trim();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "nft monitor exited; restarting it in {Delay}, then reconciling: {Error}")]
        public static partial void MonitorExited(ILogger logger, TimeSpan delay, string error);

        [LoggerMessage(2, LogLevel.Error, "nft monitor could not run; trying again in {Delay} (the periodic reconcile still repairs drift)")]
        public static partial void MonitorFailed(ILogger logger, TimeSpan delay, Exception exception);
    }
}
