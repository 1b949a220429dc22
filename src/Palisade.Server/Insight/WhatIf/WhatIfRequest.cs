using Palisade.Server.Apis.Requests;

namespace Palisade.Server.Insight.WhatIf;

/// <summary>
/// A proposed change: rules to add (each names its group) and remove, groups to bind to or unbind
/// from a port, and ports whose groups are replaced. At least one part must be given.
/// </summary>
public sealed record WhatIfRequest(
    IReadOnlyList<ProposedRule>? AddRules = null,
    IReadOnlyList<string>? RemoveRuleIds = null,
    IReadOnlyList<PortBinding>? Bind = null,
    IReadOnlyList<PortBinding>? Unbind = null,
    IReadOnlyList<PortGroups>? ReplacePortGroups = null);

/// <summary>A rule to add to <see cref="SecurityGroupId"/>, with the fields of <see cref="RuleCreate"/>.</summary>
public sealed record ProposedRule(
    string? SecurityGroupId,
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
    string? RemoteAddressGroupId = null)
{
    public RuleCreate ToRuleCreate() => new(Direction, Ethertype, Protocol, PortRangeMin, PortRangeMax, RemoteIpPrefix, RemoteIpRange, RemoteGroupId, Description, Log, RemoteAddressGroupId);
}

/// <summary>A group bound to (or unbound from) one port, as the port's own security_groups list holds it.</summary>
public sealed record PortBinding(string? SecurityGroupId, string? PortId);

/// <summary>A port's security_groups list replaced by <see cref="SecurityGroups"/>.</summary>
public sealed record PortGroups(string? PortId, IReadOnlyList<string>? SecurityGroups);
