using Palisade.Server.Documents;
using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// Between the store's group and rule rows and the documents the APIs show (<see cref="GroupDocument"/>,
/// <see cref="RuleDocument"/>), and the few whole-group reads and writes built on the row operations.
/// A read that needs a group's rules asks for them; one that does not (an access check, a rule
/// write) reads the group row alone and gets a document with no rules.
/// </summary>
internal static class SecurityGroupRows
{
    /// <summary>The audit kind of a rule row (a rule is no longer part of its group's document).</summary>
    public const string RuleKind = "security_group_rule";

    /// <summary>Groups read per query when a whole project (or the whole store) is wanted.</summary>
    private const int Batch = 1000;

    public static RuleDocument ToDocument(RuleRow rule) => new(
        rule.Id,
        rule.GroupId,
        rule.Direction,
        rule.Ethertype,
        rule.Protocol,
        rule.PortRangeMin,
        rule.PortRangeMax,
        rule.RemoteIpPrefix,
        rule.RemoteIpRange,
        rule.RemoteGroupId,
        rule.Description,
        rule.Log,
        rule.Revision,
        ProtocolNumber: rule.ProtocolNumber,
        RemoteAddressGroupId: rule.RemoteAddressGroupId,
        RemoteIpPrefixAsGiven: rule.RemoteIpPrefixAsGiven);

    /// <summary>The rule as a row of <paramref name="groupId"/>, the group that holds it (whatever group id the document carries).</summary>
    public static RuleRow ToRow(RuleDocument rule, string groupId) => new(
        rule.Id,
        groupId,
        rule.Direction,
        rule.Ethertype,
        rule.Protocol,
        rule.PortRangeMin,
        rule.PortRangeMax,
        rule.RemoteIpPrefix,
        rule.RemoteIpRange,
        rule.RemoteGroupId,
        rule.RemoteAddressGroupId,
        rule.Description,
        rule.Log,
        rule.ProtocolNumber,
        rule.RemoteIpPrefixAsGiven);

    public static GroupDocument ToDocument(SecurityGroupRow group, IEnumerable<RuleRow> rules) =>
        new(group.Id, group.ProjectId, group.Name, group.Description, group.Status, group.Stateful, [.. rules.Select(ToDocument)], group.Revision);

    public static SecurityGroupRow ToRow(GroupDocument group) => new(group.Id, group.ProjectId, group.Name, group.Description, group.Status, group.Stateful);

    /// <summary>The group with its rules, or null.</summary>
    public static async Task<GroupDocument?> GroupWithRulesAsync(this IStoreSession session, string id, CancellationToken cancellationToken) =>
        await session.GroupAsync(id, cancellationToken) is { } row
            ? ToDocument(row, await session.RulesOfGroupsAsync([id], cancellationToken))
            : null;

    /// <summary>The group without its rules (<see cref="GroupDocument.Rules"/> empty), or null: for checks that do not look at rules.</summary>
    public static async Task<GroupDocument?> GroupWithoutRulesAsync(this IStoreSession session, string id, CancellationToken cancellationToken) =>
        await session.GroupAsync(id, cancellationToken) is { } row ? ToDocument(row, []) : null;

    /// <summary>Every group row of a project (of the store when null), in id order.</summary>
    public static async Task<List<SecurityGroupRow>> AllGroupRowsAsync(this IStoreSession session, string? projectId, CancellationToken cancellationToken)
    {
        var rows = new List<SecurityGroupRow>();
        for (string? after = null; ;)
        {
            var page = await session.GroupsOfProjectAsync(projectId, after, Batch, cancellationToken);
            rows.AddRange(page);
            if (page.Count < Batch)
            {
                return rows;
            }

            after = page[^1].Id;
        }
    }

    /// <summary>The given group rows with their rules, in the rows' order.</summary>
    public static async Task<List<GroupDocument>> WithRulesAsync(this IStoreSession session, IReadOnlyList<SecurityGroupRow> groups, bool everyGroup, CancellationToken cancellationToken)
    {
        var rules = (await session.RulesOfGroupsAsync(everyGroup ? null : [.. groups.Select(g => g.Id)], cancellationToken)).ToLookup(r => r.GroupId);
        return [.. groups.Select(g => ToDocument(g, rules[g.Id]))];
    }

    /// <summary>Every group of a project (of the store when null) with its rules, in id order.</summary>
    public static async Task<List<GroupDocument>> GroupsWithRulesAsync(this IStoreSession session, string? projectId, CancellationToken cancellationToken) =>
        await session.WithRulesAsync(await session.AllGroupRowsAsync(projectId, cancellationToken), everyGroup: projectId is null, cancellationToken);

    /// <summary>
    /// Stores a whole group document (a dialect that replaces all rules at once, or a new group with
    /// its first rules): the group row, then only the rule rows that differ: removed or changed ones
    /// are deleted, new or changed ones inserted, in the document's order.
    /// </summary>
    public static async Task PutGroupWithRulesAsync(this IStoreSession session, GroupDocument group, CancellationToken cancellationToken)
    {
        await session.UpsertGroupAsync(ToRow(group), cancellationToken);
        var wanted = group.Rules.Select(r => ToRow(r, group.Id)).ToList();
        var existing = (await session.RulesOfGroupsAsync([group.Id], cancellationToken)).ToDictionary(r => r.Id);
        var keep = wanted.Where(w => existing.TryGetValue(w.Id, out var e) && Same(e, w)).Select(w => w.Id).ToHashSet();
        foreach (var gone in existing.Keys.Where(id => !keep.Contains(id)))
        {
            await session.DeleteRuleAsync(gone, cancellationToken);
        }

        foreach (var rule in wanted.Where(w => !keep.Contains(w.Id)))
        {
            await session.InsertRuleAsync(rule, cancellationToken);
        }
    }

    private static bool Same(RuleRow stored, RuleRow wanted) =>
        stored with { Revision = 0, CreatedAt = default, UpdatedAt = default } == wanted with { Revision = 0, CreatedAt = default, UpdatedAt = default };
}
