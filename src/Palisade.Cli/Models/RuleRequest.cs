namespace Palisade.Cli.Models;

/// <summary>The body of <c>POST /api/v1/security-groups/{id}/rules</c>; unset fields are left out.</summary>
internal sealed record RuleRequest(
    string Direction,
    string? Ethertype = null,
    string? Protocol = null,
    int? PortRangeMin = null,
    int? PortRangeMax = null,
    string? RemoteIpPrefix = null,
    string? RemoteIpRange = null,
    string? RemoteGroupId = null,
    string? Description = null,
    bool? Log = null,
    string? RemoteAddressGroupId = null);
