using Palisade.Core.Feed;

namespace Palisade.Server.Documents;

/// <summary>The last status an agent reported for its host, with when it arrived.</summary>
public sealed record HostStatusDocument(
    string Host,
    DateTimeOffset ReportedAt,
    long AppliedRevision,
    IReadOnlyList<string> EnforcedPorts,
    IReadOnlyList<RuleCounter> Counters,
    long DriftRepairs,
    string? Error);
