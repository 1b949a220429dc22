namespace Palisade.Cli.Models;

internal sealed record Port(
    string Id,
    string ProjectId,
    string NetworkId,
    IReadOnlyList<FixedIp> FixedIps,
    string? MacAddress,
    string? InstanceId,
    string? Host,
    string? Phase,
    bool PortSecurityEnabled,
    IReadOnlyList<string> SecurityGroups,
    long RevisionNumber);
