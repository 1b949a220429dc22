namespace Palisade.Core.Validation;

/// <summary>
/// A rule as a client sends it, before validation: strings where clients send strings, so that
/// every dialect can hand its request over unchanged and get errors naming its fields.
/// </summary>
public sealed record RuleDraft(
    string? Direction,
    string? EtherType = null,
    string? Protocol = null,
    int? PortRangeMin = null,
    int? PortRangeMax = null,
    string? RemoteIpPrefix = null,
    string? RemoteIpRange = null,
    string? RemoteGroupId = null,
    string? Description = null,
    bool Log = false,
    string? RemoteAddressGroupId = null);
