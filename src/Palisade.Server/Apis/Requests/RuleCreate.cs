namespace Palisade.Server.Apis.Requests;

public sealed record RuleCreate(
    string? Direction,
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
