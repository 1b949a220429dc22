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
