namespace Palisade.Server.Documents;

/// <summary>
/// A port with the groups bound to it directly (port-scope bindings). <see cref="LogDrops"/>: what
/// the port's implicit deny drops goes to the flow log (docs/flow-logs.md).
/// </summary>
public sealed record PortDocument(
    string Id,
    string ProjectId,
    string NetworkId,
    IReadOnlyList<FixedIpDocument> FixedIps,
    string? MacAddress,
    string? InstanceId,
    string? Host,
    string Phase,
    bool PortSecurityEnabled,
    IReadOnlyList<AddressPairDocument> AllowedAddressPairs,
    IReadOnlyList<string> SecurityGroups,
    long RevisionNumber = 0,
    bool LogDrops = false);
