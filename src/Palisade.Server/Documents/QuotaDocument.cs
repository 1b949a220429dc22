namespace Palisade.Server.Documents;

/// <summary>
/// A project's limits; -1 means unlimited. Stored only when an admin overrides the defaults.
/// <see cref="SecurityGroupRules"/> counts the rules of all the project's groups, as Neutron's
/// security_group_rule quota does; it is unlimited by default because rules per group already bound them.
/// </summary>
public sealed record QuotaDocument(string ProjectId, int SecurityGroups, int RulesPerGroup, int GroupsPerPort, long RevisionNumber = 0, int SecurityGroupRules = -1)
{
    /// <summary>
    /// Limits a Neutron client set for resources Palisade does not limit (network, port, router...),
    /// kept so that <c>/v2.0/quotas</c> echoes them as Neutron would; nothing enforces them.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, int>? NeutronOnly { get; init; }

    /// <summary>Neutron's default of 10 groups per project; AWS's 60-ish rules per group and 5 groups per interface, rounded up for rules since Palisade's lookups do not slow with them.</summary>
    public static QuotaDocument Defaults(string projectId) => new(projectId, 10, 100, 5);
}
