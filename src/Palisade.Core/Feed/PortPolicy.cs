namespace Palisade.Core.Feed;

/// <summary>
/// One port's <see cref="Policy.EffectivePolicy"/> on the wire; addresses and CIDRs as text.
/// <see cref="AddressGroups"/> carries the CIDRs of the address groups its rules name (null: none).
/// </summary>
public sealed record PortPolicy(
    string PortId,
    string ProjectId,
    string NetworkId,
    string Device,
    string? MacAddress,
    bool PortSecurityEnabled,
    IReadOnlyList<FixedIpEntry> FixedIps,
    IReadOnlyList<AddressPairEntry> AllowedAddressPairs,
    bool Stateful,
    IReadOnlyList<string> SecurityGroups,
    IReadOnlyList<string> SourceAddresses,
    IReadOnlyList<string> IntraSubnetCidrs,
    IReadOnlyList<RuleEntry> Rules,
    IReadOnlyDictionary<string, IReadOnlyList<string>> RemoteGroups,
    IReadOnlyList<PlatformPolicyEntry> PlatformPolicies,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? AddressGroups = null,
    bool LogDrops = false);

public sealed record FixedIpEntry(string SubnetId, string IpAddress);

public sealed record AddressPairEntry(string IpAddress, string? MacAddress);

/// <summary>A rule with its group's statefulness, in Neutron's field names.</summary>
public sealed record RuleEntry(
    string Id,
    string SecurityGroupId,
    bool Stateful,
    string Direction,
    string Ethertype,
    string? Protocol,
    int? PortRangeMin,
    int? PortRangeMax,
    string? RemoteIpPrefix,
    string? RemoteIpRange,
    string? RemoteGroupId,
    bool Log,
    string? RemoteAddressGroupId = null);

public sealed record PlatformPolicyEntry(
    string Id,
    string Name,
    IReadOnlyList<string> Cidrs,
    string? Direction,
    string? Protocol,
    int? PortRangeMin,
    int? PortRangeMax);
