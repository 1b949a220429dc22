using System.Text.Json.Serialization;

namespace Palisade.Core.Feed;

/// <summary>
/// What an agent reports back (<c>PUT /api/v1/hosts/{host}/status</c>): the revision whose policy
/// its kernel enforces, the ports in that ruleset, each rule's hit counters, how often it found and
/// repaired drift, and the last error (null when the last apply worked).
/// The required fields are marked so a report that leaves one out is refused, not read as zero.
/// </summary>
public sealed record HostStatus(
    [property: JsonRequired] long AppliedRevision,
    [property: JsonRequired] IReadOnlyList<string> EnforcedPorts,
    [property: JsonRequired] IReadOnlyList<RuleCounter> Counters,
    long DriftRepairs = 0,
    string? Error = null);

/// <summary>Packets and bytes a rule's nftables counter has seen on one host since the agent started.</summary>
public sealed record RuleCounter([property: JsonRequired] string RuleId, [property: JsonRequired] long Packets, [property: JsonRequired] long Bytes);
