namespace Palisade.Agent;

/// <summary>
/// Configuration section <c>Palisade:Agent</c> (command line <c>--Palisade:Agent:Server=…</c>, or the
/// environment as <c>Palisade__Agent__Server</c>). Only the server and the token have no default.
/// </summary>
public sealed class AgentOptions
{
    public const string Section = "Palisade:Agent";

    /// <summary>The Palisade server's base address, e.g. http://10.0.0.1:8080.</summary>
    public Uri? Server { get; set; }

    /// <summary>A platform-admin bearer token: the feed holds every port of the host.</summary>
    public string? Token { get; set; }

    /// <summary>The host name ports are bound to (the port's <c>host</c> field).</summary>
    public string Host { get; set; } = Environment.MachineName;

    /// <summary>
    /// Run <c>nft</c> and <c>conntrack</c> inside this network namespace (<c>ip netns exec</c>) instead
    /// of the agent's own: for hosts whose data plane lives in a namespace, and for the tests.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>How long the server may hold a feed request when nothing changes.</summary>
    public TimeSpan PollWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the kernel's table is compared with what was applied.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often counters are reported when nothing else causes a report.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first wait after the server could not be reached; it doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delete conntrack entries of connections the new policy no longer allows (Neutron does).</summary>
    public bool CutConnections { get; set; } = true;

    /// <summary>The nft program: a name on PATH or a path.</summary>
    public string Nft { get; set; } = "nft";

    /// <summary>The conntrack program: a name on PATH or a path.</summary>
    public string Conntrack { get; set; } = "conntrack";

    /// <summary>The limit for one nft or conntrack run.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The largest feed answer the agent reads, in bytes; a larger one is refused like any feed it
    /// cannot use, so a broken server cannot exhaust the host's memory. The 1,000-port, 10,000-member
    /// host of docs/benchmarks.md is a few MiB; the default leaves a wide margin.
    /// </summary>
    public int MaxFeedBytes { get; set; } = 256 * 1024 * 1024;

    /// <summary>Read the NFLOG group of logged rules and logged drops and ship flow records (docs/flow-logs.md).</summary>
    public bool FlowLogs { get; set; } = true;

    /// <summary>Logged packets per second the agent reads into records; more are counted as suppressed.</summary>
    public int FlowLogRate { get; set; } = 1000;

    /// <summary>Logged packets the token bucket lets through at once after a quiet spell.</summary>
    public int FlowLogBurst { get; set; } = 2000;

    /// <summary>How long identical flows are counted into one record before it is queued.</summary>
    public TimeSpan FlowLogWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Distinct flows one window may hold; packets of further flows are counted as suppressed.</summary>
    public int FlowLogMaxFlows { get; set; } = 10_000;

    /// <summary>Records waiting for the server; when full, the oldest give way (counted).</summary>
    public int FlowLogQueue { get; set; } = 50_000;

    /// <summary>Records in one request to the server (at most the server's Palisade:FlowLogs:MaxBatch, 1,000 by default).</summary>
    public int FlowLogBatch { get; set; } = 500;

    internal IEnumerable<string> Problems()
    {
        foreach (var (name, value, min, max) in new[]
        {
            ("FlowLogRate", FlowLogRate, 1, 10_000_000), ("FlowLogBurst", FlowLogBurst, 1, 10_000_000), ("FlowLogMaxFlows", FlowLogMaxFlows, 1, 10_000_000),
            ("FlowLogQueue", FlowLogQueue, 1, 10_000_000), ("FlowLogBatch", FlowLogBatch, 1, 1_000),
        })
        {
            if (value < min || value > max)
            {
                yield return $"Palisade:Agent:{name} must be {min}-{max}.";
            }
        }

        if (FlowLogWindow < TimeSpan.FromMilliseconds(100) || FlowLogWindow > TimeSpan.FromMinutes(10))
        {
            yield return "Palisade:Agent:FlowLogWindow must be 100 ms to 10 minutes.";
        }

        if (Server is null || !Server.IsAbsoluteUri || Server.Scheme is not ("http" or "https"))
        {
            yield return "Palisade:Agent:Server must be the server's http(s) address.";
        }

        if (string.IsNullOrWhiteSpace(Token))
        {
            yield return "Palisade:Agent:Token is required (a platform-admin token).";
        }

        if (string.IsNullOrWhiteSpace(Host) || Host.Length > 255)
        {
            yield return "Palisade:Agent:Host must be 1-255 characters.";
        }

        if (Namespace is { Length: 0 } || Namespace?.Any(c => char.IsWhiteSpace(c) || c == '/') == true)
        {
            yield return "Palisade:Agent:Namespace must be a network namespace name.";
        }

        foreach (var (name, value) in new[] { ("PollWait", PollWait), ("ReconcileInterval", ReconcileInterval), ("ReportInterval", ReportInterval), ("InitialBackoff", InitialBackoff), ("MaxBackoff", MaxBackoff), ("CommandTimeout", CommandTimeout) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"Palisade:Agent:{name} must be positive.";
            }
        }

        if (string.IsNullOrWhiteSpace(Nft) || string.IsNullOrWhiteSpace(Conntrack))
        {
            yield return "Palisade:Agent:Nft and Palisade:Agent:Conntrack must name programs.";
        }

        if (MaxFeedBytes < 4096)
        {
            yield return "Palisade:Agent:MaxFeedBytes must be at least 4096.";
        }

        if (PollWait > TimeSpan.FromMinutes(5))
        {
            yield return "Palisade:Agent:PollWait must be at most 5 minutes (the server's limit).";
        }
    }
}
