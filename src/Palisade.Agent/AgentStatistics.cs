namespace Palisade.Agent;

/// <summary>
/// What the agent has done since it started, for logs, tests and the benchmarks: how a change
/// reached the kernel (a full table or set elements only), drift repairs and connections cut.
/// </summary>
public sealed class AgentStatistics
{
    private long fullApplies;
    private long elementApplies;
    private long driftRepairs;
    private long connectionsCut;
    private long monitorStarts;
    private long appliedRevision;
    private volatile string? lastError;
    private volatile string? feedError;

    /// <summary>Raised after a revision is enforced by the kernel (also when it needed no kernel change).</summary>
    public event Action<long>? RevisionApplied;

    /// <summary>Whole-table transactions (<c>nft -f</c> of the rendered ruleset).</summary>
    public long FullApplies => Interlocked.Read(ref fullApplies);

    /// <summary>Set-element transactions: membership and address changes.</summary>
    public long ElementApplies => Interlocked.Read(ref elementApplies);

    public long DriftRepairs => Interlocked.Read(ref driftRepairs);

    public long ConnectionsCut => Interlocked.Read(ref connectionsCut);

    /// <summary>How often <c>nft monitor</c> was started: once, plus once per restart after it died.</summary>
    public long MonitorStarts => Interlocked.Read(ref monitorStarts);

    public long AppliedRevision => Interlocked.Read(ref appliedRevision);

    public string? LastError => lastError;

    /// <summary>Why the last feed answer could not be used (unreachable, unreadable, refused); null once one is read.</summary>
    public string? FeedError => feedError;

    private long flowPackets;
    private long flowSuppressed;
    private long flowUnattributed;
    private long flowRecordsDropped;
    private long flowRecordsShipped;
    private long flowKernelOverruns;
    private volatile string? flowLogError;

    /// <summary>Logged packets the NFLOG socket delivered.</summary>
    public long FlowPackets => Interlocked.Read(ref flowPackets);

    /// <summary>Logged packets over the rate limit or past the window's flow limit: counted, not recorded.</summary>
    public long FlowSuppressed => Interlocked.Read(ref flowSuppressed);

    /// <summary>Logged packets of no rule or port in force (the policy changed meanwhile) or that were not IP.</summary>
    public long FlowUnattributed => Interlocked.Read(ref flowUnattributed);

    /// <summary>Flow records the full queue dropped, oldest first, while the server did not take them.</summary>
    public long FlowRecordsDropped => Interlocked.Read(ref flowRecordsDropped);

    public long FlowRecordsShipped => Interlocked.Read(ref flowRecordsShipped);

    /// <summary>Times the kernel reported log messages lost because the agent's socket buffer was full (ENOBUFS).</summary>
    public long FlowKernelOverruns => Interlocked.Read(ref flowKernelOverruns);

    /// <summary>Why the NFLOG group cannot be read; null while it is.</summary>
    public string? FlowLogError => flowLogError;

    internal void FlowPacketReceived() => Interlocked.Increment(ref flowPackets);

    internal void FlowPacketSuppressed() => Interlocked.Increment(ref flowSuppressed);

    internal void FlowPacketUnattributed() => Interlocked.Increment(ref flowUnattributed);

    internal void FlowRecordDropped() => Interlocked.Increment(ref flowRecordsDropped);

    internal void FlowRecordsSent(int count) => Interlocked.Add(ref flowRecordsShipped, count);

    internal void FlowKernelOverrun() => Interlocked.Increment(ref flowKernelOverruns);

    internal void FlowLogFailed(string? error) => flowLogError = error;

    internal void FullApplied() => Interlocked.Increment(ref fullApplies);

    internal void ElementsApplied() => Interlocked.Increment(ref elementApplies);

    internal void DriftRepaired() => Interlocked.Increment(ref driftRepairs);

    internal void ConnectionCut() => Interlocked.Increment(ref connectionsCut);

    internal void MonitorStarted() => Interlocked.Increment(ref monitorStarts);

    internal void Failed(string? error) => lastError = error;

    internal void FeedFailed(string error) => feedError = error;

    internal void FeedRead() => feedError = null;

    internal void Applied(long revision)
    {
        Interlocked.Exchange(ref appliedRevision, revision);
        lastError = null;
        RevisionApplied?.Invoke(revision);
    }
}
