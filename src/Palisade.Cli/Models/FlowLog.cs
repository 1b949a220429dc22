namespace Palisade.Cli.Models;

/// <summary>A flow-log record as <c>GET /api/v1/flow-logs</c> shows it (docs/flow-logs.md).</summary>
internal sealed record FlowLog(
    long Sequence,
    string PortId,
    string? SecurityGroupId,
    string? RuleId,
    string Direction,
    string Verdict,
    string Protocol,
    string Source,
    string Destination,
    int? SourcePort,
    int? DestinationPort,
    int? IcmpType,
    int? IcmpCode,
    long Packets,
    long Bytes,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);

internal sealed record FlowLogsPage(IReadOnlyList<FlowLog> FlowLogs, string? NextCursor);
