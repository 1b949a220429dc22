using System.Text.Json;
using Palisade.Server.Documents;
using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// The audit of group, rule and tag rows: a rule change is recorded as the rule's row (kind
/// <see cref="SecurityGroupRows.RuleKind"/>), a group change as the group's row without its rules,
/// so an event is the size of what changed, not of the group.
/// </summary>
internal sealed partial class AuditingSession
{
    public Task<SecurityGroupRow?> GroupAsync(string id, CancellationToken cancellationToken) => inner.GroupAsync(id, cancellationToken);

    public Task<IReadOnlyList<SecurityGroupRow>> GroupsOfProjectAsync(string? projectId, string? after, int limit, CancellationToken cancellationToken) =>
        inner.GroupsOfProjectAsync(projectId, after, limit, cancellationToken);

    public Task<IReadOnlyList<SecurityGroupRow>> GroupsNamedAsync(string? projectId, string name, CancellationToken cancellationToken) =>
        inner.GroupsNamedAsync(projectId, name, cancellationToken);

    public Task<int> GroupCountAsync(string projectId, CancellationToken cancellationToken) => inner.GroupCountAsync(projectId, cancellationToken);

    public Task<IReadOnlyList<string>> GroupsReferencingAsync(string groupId, CancellationToken cancellationToken) => inner.GroupsReferencingAsync(groupId, cancellationToken);

    public Task<RuleRow?> RuleAsync(string id, CancellationToken cancellationToken) => inner.RuleAsync(id, cancellationToken);

    public Task<IReadOnlyList<RuleRow>> RulesOfGroupAsync(string groupId, string? after, int limit, CancellationToken cancellationToken) =>
        inner.RulesOfGroupAsync(groupId, after, limit, cancellationToken);

    public Task<IReadOnlyList<RuleRow>> RulesOfGroupsAsync(IReadOnlyCollection<string>? groupIds, CancellationToken cancellationToken) =>
        inner.RulesOfGroupsAsync(groupIds, cancellationToken);

    public Task<int> RuleCountOfGroupAsync(string groupId, CancellationToken cancellationToken) => inner.RuleCountOfGroupAsync(groupId, cancellationToken);

    public Task<int> RuleCountOfProjectAsync(string projectId, CancellationToken cancellationToken) => inner.RuleCountOfProjectAsync(projectId, cancellationToken);

    public Task<RuleRow?> SameRuleAsync(RuleRow candidate, CancellationToken cancellationToken) => inner.SameRuleAsync(candidate, cancellationToken);

    public Task<IReadOnlyList<string>> GroupTagsAsync(string groupId, CancellationToken cancellationToken) => inner.GroupTagsAsync(groupId, cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GroupTagsOfAsync(IReadOnlyCollection<string>? groupIds, CancellationToken cancellationToken) =>
        inner.GroupTagsOfAsync(groupIds, cancellationToken);

    public async Task<SecurityGroupRow> UpsertGroupAsync(SecurityGroupRow group, CancellationToken cancellationToken)
    {
        var before = await inner.GroupAsync(group.Id, cancellationToken);
        var after = await inner.UpsertGroupAsync(group, cancellationToken);
        await RecordAsync(Kinds.Group, group.Id, after.ProjectId, before is null ? "create" : "update", Json(before), Json(after), cancellationToken);
        return after;
    }

    public async Task<bool> DeleteGroupAsync(string id, CancellationToken cancellationToken)
    {
        var before = await inner.GroupAsync(id, cancellationToken);
        var deleted = await inner.DeleteGroupAsync(id, cancellationToken);
        if (deleted)
        {
            await RecordAsync(Kinds.Group, id, before?.ProjectId, "delete", Json(before), null, cancellationToken);
        }

        return deleted;
    }

    public async Task<RuleRow> InsertRuleAsync(RuleRow rule, CancellationToken cancellationToken)
    {
        var inserted = await inner.InsertRuleAsync(rule, cancellationToken);
        var project = (await inner.GroupAsync(rule.GroupId, cancellationToken))?.ProjectId;
        await RecordAsync(SecurityGroupRows.RuleKind, rule.Id, project, "create", null, Json(inserted), cancellationToken);
        return inserted;
    }

    public async Task<bool> DeleteRuleAsync(string id, CancellationToken cancellationToken)
    {
        var before = await inner.RuleAsync(id, cancellationToken);
        var deleted = await inner.DeleteRuleAsync(id, cancellationToken);
        if (deleted && before is not null)
        {
            var project = (await inner.GroupAsync(before.GroupId, cancellationToken))?.ProjectId;
            await RecordAsync(SecurityGroupRows.RuleKind, id, project, "delete", Json(before), null, cancellationToken);
        }

        return deleted;
    }

    public async Task SetGroupTagsAsync(string groupId, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var before = await inner.GroupTagsAsync(groupId, cancellationToken);
        await inner.SetGroupTagsAsync(groupId, tags, cancellationToken);
        var project = (await inner.GroupAsync(groupId, cancellationToken))?.ProjectId;
        await RecordAsync(Kinds.Tags, groupId, project, before.Count == 0 ? "create" : "update", before.Count == 0 ? null : Json(before), Json(tags), cancellationToken);
    }

    private static string? Json<T>(T? value) => value is null ? null : JsonSerializer.Serialize(value, JsonDefaults.Options);
}
