namespace Palisade.Core.Analysis;

/// <summary>
/// A kind of lint finding. <see cref="Id"/> (PAL001…) and <see cref="Name"/> never change once
/// published, so that scripts and suppressions can rely on them; docs/lint.md documents each.
/// </summary>
public sealed record LintCode(string Id, string Name, LintSeverity Severity)
{
    /// <summary>An ingress rule opens an administrative or database port to every address of its family.</summary>
    public static LintCode WorldOpenAdministrativePort { get; } = new("PAL001", "world-open-admin-port", LintSeverity.Error);

    /// <summary>A rule allows nothing another rule of the same group does not already allow.</summary>
    public static LintCode ShadowedInGroup { get; } = new("PAL002", "rule-shadowed-in-group", LintSeverity.Warning);

    /// <summary>A rule allows nothing a rule of another group, bound wherever this group is, does not already allow.</summary>
    public static LintCode ShadowedByOtherGroup { get; } = new("PAL003", "rule-shadowed-by-other-group", LintSeverity.Warning);

    /// <summary>Rules of different groups allow exactly the same flows on ports both groups are bound to.</summary>
    public static LintCode DuplicateAcrossGroups { get; } = new("PAL004", "rule-duplicated-across-groups", LintSeverity.Info);

    /// <summary>A group is bound to no port.</summary>
    public static LintCode GroupUnbound { get; } = new("PAL005", "group-unbound", LintSeverity.Info);

    /// <summary>A rule names a remote group with no members, or an address group with no addresses: it allows nothing.</summary>
    public static LintCode RemoteEmpty { get; } = new("PAL006", "remote-empty", LintSeverity.Warning);

    /// <summary>A rule's remote has addresses, but none of the rule's ethertype: it allows nothing.</summary>
    public static LintCode RuleNeverMatches { get; } = new("PAL007", "rule-never-matches", LintSeverity.Warning);

    /// <summary>A disabled group is still bound: its rules do not apply to those ports.</summary>
    public static LintCode DisabledGroupBound { get; } = new("PAL008", "disabled-group-bound", LintSeverity.Warning);

    /// <summary>A port with port security has no enabled group: every flow that needs a rule is dropped.</summary>
    public static LintCode PortWithoutGroups { get; } = new("PAL009", "port-without-groups", LintSeverity.Warning);

    public static IReadOnlyList<LintCode> All { get; } =
    [
        WorldOpenAdministrativePort, ShadowedInGroup, ShadowedByOtherGroup, DuplicateAcrossGroups, GroupUnbound,
        RemoteEmpty, RuleNeverMatches, DisabledGroupBound, PortWithoutGroups,
    ];
}
