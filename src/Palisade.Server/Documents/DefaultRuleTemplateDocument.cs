namespace Palisade.Server.Documents;

/// <summary>
/// A rule every new group starts with: the project's default group when <see cref="UsedInDefaultSg"/>,
/// any other new group when <see cref="UsedInNonDefaultSg"/>. A remote group of <c>PARENT</c> means
/// the new group itself. Neutron's default-security-group-rules; templates are not retroactive.
/// </summary>
public sealed record DefaultRuleTemplateDocument(
    string Id,
    string Direction,
    string Ethertype,
    string? Protocol,
    int? PortRangeMin,
    int? PortRangeMax,
    string? RemoteIpPrefix,
    string? RemoteGroupId,
    string Description,
    bool UsedInDefaultSg,
    bool UsedInNonDefaultSg,
    string? RemoteAddressGroupId = null);
