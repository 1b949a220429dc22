using System.Text.Json.Serialization;

namespace Palisade.Server.Documents;

/// <summary>
/// What a port enforces, as the host feed computes it (Palisade.Core's <c>PolicyIndex</c>) at
/// <see cref="Revision"/>: every group bound to it with the scopes that bind it, and every rule of
/// the enabled ones with where it comes from. <see cref="PlatformPolicies"/>, which apply before
/// any rule, are shown to platform admins only (design.md: tenants never see them), so the field is
/// absent for everyone else.
/// </summary>
public sealed record PortEffectiveRulesDocument(
    string PortId,
    string ProjectId,
    string Phase,
    long Revision,
    bool PortSecurityEnabled,
    bool Stateful,
    IReadOnlyList<EffectiveGroupDocument> Groups,
    IReadOnlyList<EffectiveRuleDocument> Rules,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PlatformPolicyDocument>? PlatformPolicies = null);

/// <summary>A group bound to the port; <see cref="Origins"/> are the scopes that bind it: port, instance, project, global.</summary>
public sealed record EffectiveGroupDocument(string Id, string Name, string? ProjectId, string Status, bool Stateful, IReadOnlyList<string> Origins);

/// <summary>A rule in force at the port, the group it belongs to and the scopes that bind that group to the port.</summary>
public sealed record EffectiveRuleDocument(RuleDocument Rule, string SecurityGroupName, IReadOnlyList<string> Origins);
