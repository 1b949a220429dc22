namespace Palisade.Core.Feed;

/// <summary>
/// What an agent reports back (<c>PUT /api/v1/hosts/{host}/status</c>): the revision whose policy
/// its kernel enforces, the ports in that ruleset, each rule's hit counters, how often it found and
/// repaired drift, and the last error (null when the last apply worked).
/// </summary>
public sealed record HostStatus(
    long AppliedRevision,
    IReadOnlyList<string> EnforcedPorts,
    IReadOnlyList<RuleCounter> Counters,
    long DriftRepairs = 0,
    string? Error = null);

/// <summary>Packets and bytes a rule's nftables counter has seen on one host since the agent started.</summary>
public sealed record RuleCounter(string RuleId, long Packets, long Bytes);
