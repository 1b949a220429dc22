using Palisade.Server.Documents;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// Whether a port's rules are in its host's kernel, from the host agent's last report: the agent
/// applies every revision the feed gives it and reports the revision applied at once and then every
/// <c>ReportInterval</c> (Palisade.Agent AgentWorker, AgentOptions).
/// </summary>
internal static class PortEnforcement
{
    /// <summary>
    /// Six of the agent's default report intervals (10 s): a late report is load on the host, six
    /// missing ones mean the agent is not running or cannot reach the server.
    /// </summary>
    public static readonly TimeSpan AgentDownAfter = TimeSpan.FromSeconds(60);

    /// <summary>
    /// no_host: the port is on no host, so nothing enforces it; agent_down: its host has not reported
    /// within <see cref="AgentDownAfter"/>; in_sync: the host has applied the current revision with the
    /// port in its ruleset; applying: the host is alive and has not applied it yet.
    /// </summary>
    public static string StateOf(string? host, HostStatusDocument? report, bool enforced, long storeRevision, DateTimeOffset now) =>
        host is null ? "no_host"
        : report is null || now - report.ReportedAt > AgentDownAfter ? "agent_down"
        : enforced && report.AppliedRevision >= storeRevision ? "in_sync"
        : "applying";
}
