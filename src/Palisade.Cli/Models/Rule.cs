namespace Palisade.Cli.Models;

/// <summary>A rule as the server shows it (Neutron's field names); the hit counters once an agent has reported them.</summary>
internal sealed record Rule(
    string Id,
    string SecurityGroupId,
    string Direction,
    string Ethertype,
    string? Protocol,
    int? PortRangeMin,
    int? PortRangeMax,
    string? RemoteIpPrefix,
    string? RemoteIpRange,
    string? RemoteGroupId,
    string? Description,
    bool Log,
    string? RemoteAddressGroupId = null,
    long? HitPackets = null,
    long? HitBytes = null);
