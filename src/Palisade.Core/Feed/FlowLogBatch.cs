using System.Text.Json.Serialization;

namespace Palisade.Core.Feed;

/// <summary>
/// What an agent ships to <c>POST /api/v1/hosts/{host}/flow-logs</c> (docs/flow-logs.md): the flow
/// records of its last aggregation windows, and how many logged packets it did not turn into records
/// since its previous batch: <see cref="Suppressed"/> by its rate limit, <see cref="Dropped"/> records
/// pushed out of its full queue while the server could not be reached.
/// </summary>
public sealed record FlowLogBatch(
    [property: JsonRequired] IReadOnlyList<FlowLogEntry> Records,
    long Suppressed = 0,
    long Dropped = 0);

/// <summary>
/// The packets of one flow that hit one logged rule (verdict <c>allow</c>) or a port's implicit deny
/// (verdict <c>drop</c>) in one window. <see cref="Protocol"/> is the IP protocol number; ports for
/// TCP, UDP and SCTP, type and code for ICMP and ICMPv6. <see cref="Bytes"/> counts IP lengths.
/// </summary>
public sealed record FlowLogEntry(
    [property: JsonRequired] string PortId,
    string? GroupId,
    string? RuleId,
    [property: JsonRequired] string Direction,
    [property: JsonRequired] string Verdict,
    [property: JsonRequired] int Protocol,
    [property: JsonRequired] string Source,
    [property: JsonRequired] string Destination,
    int? SourcePort,
    int? DestinationPort,
    int? IcmpType,
    int? IcmpCode,
    [property: JsonRequired] long Packets,
    [property: JsonRequired] long Bytes,
    [property: JsonRequired] DateTimeOffset FirstSeen,
    [property: JsonRequired] DateTimeOffset LastSeen);
