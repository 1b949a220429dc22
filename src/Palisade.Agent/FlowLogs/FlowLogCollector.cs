using System.Threading.Channels;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Agent.Apply;
using Palisade.Agent.Watch;
using Palisade.Core.Feed;
using Palisade.Core.Policy;
using Palisade.Nftables;

namespace Palisade.Agent.FlowLogs;

/// <summary>
/// The flow-log pipeline of docs/flow-logs.md: a reader thread takes what the NFLOG group receives,
/// passes it through a token bucket (packets over the rate are counted as suppressed, not read),
/// attributes it to the rule or implicit deny of the policy in force and counts it into the current
/// window's flows; every window the flows become records in a bounded queue, whose oldest records give
/// way when it is full; a shipper posts the queue to the server in batches. Nothing here is on the
/// enforcement path: the kernel has already decided each packet, a slow reader only makes the kernel
/// drop log messages (ENOBUFS, counted), and a server that is down only makes the queue drop records.
/// </summary>
internal sealed partial class FlowLogCollector : BackgroundService
{
    private readonly RulesetApplier applier;
    private readonly FeedClient feed;
    private readonly AgentStatistics statistics;
    private readonly TimeProvider time;
    private readonly AgentOptions settings;
    private readonly ILogger<FlowLogCollector> logger;
    private readonly Channel<FlowLogEntry> queue;
    private readonly Lock gate = new();
    private readonly FlowAggregator aggregator;
    private (IReadOnlyList<EffectivePolicy> Policies, FlowAttribution Attribution) current = ([], FlowAttribution.Empty);
    private long suppressedSinceShipped;
    private long droppedSinceShipped;

    public FlowLogCollector(RulesetApplier applier, FeedClient feed, AgentStatistics statistics, TimeProvider time, IOptions<AgentOptions> options, ILogger<FlowLogCollector> logger)
    {
        this.applier = applier;
        this.feed = feed;
        this.statistics = statistics;
        this.time = time;
        this.logger = logger;
        settings = options.Value;
        aggregator = new FlowAggregator(settings.FlowLogMaxFlows);
        queue = Channel.CreateBounded<FlowLogEntry>(
            new BoundedChannelOptions(settings.FlowLogQueue) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                Interlocked.Increment(ref droppedSinceShipped);
                statistics.FlowRecordDropped();
            });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.FlowLogs)
        {
            return;
        }

        var socket = await OpenAsync(stoppingToken);
        if (socket is null)
        {
            return;
        }

        using (socket)
        {
            var reading = Task.Factory.StartNew(() => Read(socket, stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await Task.WhenAll(reading, FlushEveryWindowAsync(stoppingToken), ShipAsync(stoppingToken));
        }
    }

    /// <summary>Binds the group, retrying with the agent's backoff (the namespace may not exist yet); null once stopping.</summary>
    private async Task<NflogSocket?> OpenAsync(CancellationToken stoppingToken)
    {
        var backoff = settings.InitialBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var socket = NflogSocket.Open(settings.Namespace, FlowLogPrefix.Group, FlowLogPrefix.CopyBytes);
                statistics.FlowLogFailed(null);
                Log.Listening(logger, FlowLogPrefix.Group, settings.Namespace ?? "(the agent's own)");
                return socket;
            }
            catch (IOException e)
            {
                statistics.FlowLogFailed(e.Message);
                Log.CannotListen(logger, backoff, e.Message);
            }

            try
            {
                await Task.Delay(backoff, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, settings.MaxBackoff.Ticks));
        }

        return null;
    }

    private void Read(NflogSocket socket, CancellationToken stoppingToken)
    {
        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.FlowLogBurst,
            TokensPerPeriod = settings.FlowLogRate,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        var buffer = new byte[256 * 1024];
        while (!stoppingToken.IsCancellationRequested)
        {
            int read;
            try
            {
                read = socket.Receive(buffer);
            }
            catch (IOException e)
            {
                statistics.FlowLogFailed(e.Message);
                Log.ReadFailed(logger, e.Message);
                return;
            }

            if (read < 0)
            {
                statistics.FlowKernelOverrun();
                continue;
            }

            foreach (var (type, offset, length) in NflogMessages.Split(buffer, read))
            {
                if (type != NflogMessages.MessagePacket || NflogMessages.ParsePacket(buffer.AsSpan(offset, length)) is not { } packet)
                {
                    continue;
                }

                statistics.FlowPacketReceived();
                using var lease = limiter.AttemptAcquire(1);
                if (!lease.IsAcquired)
                {
                    Suppress();
                    continue;
                }

                Count(packet);
            }
        }
    }

    private void Count(NflogPacket packet)
    {
        if (PacketHeaders.Parse(packet.Payload) is not { } headers || Attribution().Resolve(packet.Prefix, headers.Source, headers.Destination) is not { } target)
        {
            statistics.FlowPacketUnattributed();
            return;
        }

        bool counted;
        lock (gate)
        {
            counted = aggregator.Add(target, headers, packet.Timestamp ?? time.GetUtcNow());
        }

        if (!counted)
        {
            Suppress();
        }
    }

    private void Suppress()
    {
        Interlocked.Increment(ref suppressedSinceShipped);
        statistics.FlowPacketSuppressed();
    }

    /// <summary>The attribution of the policies in force, rebuilt when the applier enforces another set.</summary>
    private FlowAttribution Attribution()
    {
        var policies = applier.AppliedPolicies;
        var known = current;
        if (ReferenceEquals(policies, known.Policies))
        {
            return known.Attribution;
        }

        current = (policies, FlowAttribution.From(policies));
        return current.Attribution;
    }

    private async Task FlushEveryWindowAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.FlowLogWindow, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                List<FlowLogEntry> records;
                lock (gate)
                {
                    records = aggregator.Flush();
                }

                foreach (var record in records)
                {
                    queue.Writer.TryWrite(record); // never waits: a full queue drops its oldest record
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Posts batches; a batch the server did not take is posted again after the backoff, while the queue keeps only the newest records.</summary>
    private async Task ShipAsync(CancellationToken stoppingToken)
    {
        var backoff = settings.InitialBackoff;
        var batch = new List<FlowLogEntry>(settings.FlowLogBatch);
        try
        {
            while (true)
            {
                if (batch.Count == 0)
                {
                    await queue.Reader.WaitToReadAsync(stoppingToken);
                    while (batch.Count < settings.FlowLogBatch && queue.Reader.TryRead(out var record))
                    {
                        batch.Add(record);
                    }
                }

                var suppressed = Interlocked.Exchange(ref suppressedSinceShipped, 0);
                var dropped = Interlocked.Exchange(ref droppedSinceShipped, 0);
                try
                {
                    await feed.ShipFlowLogsAsync(new FlowLogBatch(batch, suppressed, dropped), stoppingToken);
                    statistics.FlowRecordsSent(batch.Count);
                    batch.Clear();
                    backoff = settings.InitialBackoff;
                    continue;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !stoppingToken.IsCancellationRequested)
                {
                    Interlocked.Add(ref suppressedSinceShipped, suppressed);
                    Interlocked.Add(ref droppedSinceShipped, dropped);
                    Log.ShipFailed(logger, batch.Count, backoff, e.Message);
                }

                await Task.Delay(backoff, time, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, settings.MaxBackoff.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Flow logs: listening on NFLOG group {Group} in network namespace {Namespace}")]
        public static partial void Listening(ILogger logger, int group, string @namespace);

        [LoggerMessage(2, LogLevel.Warning, "Flow logs: cannot listen on the NFLOG group, trying again in {Backoff}: {Error}")]
        public static partial void CannotListen(ILogger logger, TimeSpan backoff, string error);

        [LoggerMessage(3, LogLevel.Error, "Flow logs: reading the NFLOG socket failed, no more flow logs until the agent restarts: {Error}")]
        public static partial void ReadFailed(ILogger logger, string error);

        [LoggerMessage(4, LogLevel.Warning, "Flow logs: the server did not take {Count} records, trying again in {Backoff}: {Error}")]
        public static partial void ShipFailed(ILogger logger, int count, TimeSpan backoff, string error);
    }
}
