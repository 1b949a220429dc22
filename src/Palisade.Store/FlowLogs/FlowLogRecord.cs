namespace Palisade.Store.FlowLogs;

/// <summary>
/// One stored flow-log record: packets of one flow that hit one logged rule (verdict allow) or a
/// port's implicit deny (verdict drop) during one aggregation window of the agent. <see cref="Sequence"/>
/// is given by the store in commit order, so a reader that asks for what follows the last one it saw
/// misses nothing (docs/flow-logs.md). <see cref="Protocol"/> is the IP protocol number.
/// </summary>
public sealed record FlowLogRecord(
    long Sequence,
    string ProjectId,
    string Host,
    string PortId,
    string? GroupId,
    string? RuleId,
    string Direction,
    string Verdict,
    int Protocol,
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
