namespace Palisade.Store.FlowLogs;

/// <summary>
/// A page of flow-log records in sequence order, after <see cref="After"/>. Null filters match
/// everything; <see cref="ProjectIds"/> null is every project (a platform admin), else only those.
/// <see cref="Since"/> and <see cref="Until"/> select records whose window overlaps [since, until).
/// </summary>
public sealed record FlowLogQuery(
    IReadOnlyCollection<string>? ProjectIds,
    string? PortId,
    string? GroupId,
    string? RuleId,
    string? Verdict,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    long After,
    int Limit);
