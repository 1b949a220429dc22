namespace Palisade.Server.Documents;

/// <summary>A rule as the API shows it; snake_case on the wire, Neutron's field names.</summary>
public sealed record RuleDocument(
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
    string Description,
    bool Log,
    long RevisionNumber = 0);
