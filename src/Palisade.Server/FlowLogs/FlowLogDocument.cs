namespace Palisade.Server.FlowLogs;

/// <summary>
/// One flow-log record as <c>GET /api/v1/flow-logs</c> shows it. <see cref="Sequence"/> orders the
/// records as they were stored; pass the last one seen as <c>cursor</c> to read what came after.
/// </summary>
public sealed record FlowLogDocument(
    long Sequence,
    string ProjectId,
    string Host,
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
    DateTimeOffset LastSeen,
    DateTimeOffset ReceivedAt);

/// <summary>One page of flow-log records, oldest first; <see cref="NextCursor"/> is the last record's sequence (null on an empty page).</summary>
public sealed record FlowLogsPage(IReadOnlyList<FlowLogDocument> FlowLogs, string? NextCursor);

/// <summary>What the server did with an agent's batch: records stored, and records of ports it does not know on that host.</summary>
public sealed record FlowLogIngestResult(int Stored, int Ignored);
