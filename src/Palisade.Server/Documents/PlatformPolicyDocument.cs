namespace Palisade.Server.Documents;

/// <summary>An admin-only deny entry applied before any tenant rule (design.md §1).</summary>
public sealed record PlatformPolicyDocument(
    string Id,
    string Name,
    IReadOnlyList<string> Cidrs,
    string? Direction,
    string? Protocol,
    int? PortRangeMin,
    int? PortRangeMax,
    bool Enabled,
    long RevisionNumber = 0);
