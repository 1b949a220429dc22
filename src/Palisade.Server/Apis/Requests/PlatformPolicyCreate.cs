namespace Palisade.Server.Apis.Requests;

public sealed record PlatformPolicyCreate(
    string? Name,
    IReadOnlyList<string>? Cidrs = null,
    string? Direction = null,
    string? Protocol = null,
    int? PortRangeMin = null,
    int? PortRangeMax = null,
    bool? Enabled = null);
