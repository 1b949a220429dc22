using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>The group, rule and tag queries with the same rule: an id that cannot be stored names nothing, and writing one is a 400.</summary>
internal sealed partial class IdCheckingSession
{
    public Task<SecurityGroupRow?> GroupAsync(string id, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(id) ? inner.GroupAsync(id, cancellationToken) : Task.FromResult<SecurityGroupRow?>(null);

    public Task<IReadOnlyList<SecurityGroupRow>> GroupsOfProjectAsync(string? projectId, string? after, int limit, CancellationToken cancellationToken) =>
        projectId is null || ResourceIds.IsStorable(projectId) ? inner.GroupsOfProjectAsync(projectId, after, limit, cancellationToken) : Task.FromResult<IReadOnlyList<SecurityGroupRow>>([]);

    public Task<IReadOnlyList<SecurityGroupRow>> GroupsNamedAsync(string? projectId, string name, CancellationToken cancellationToken) =>
        projectId is null || ResourceIds.IsStorable(projectId) ? inner.GroupsNamedAsync(projectId, name, cancellationToken) : Task.FromResult<IReadOnlyList<SecurityGroupRow>>([]);

    public Task<int> GroupCountAsync(string projectId, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(projectId) ? inner.GroupCountAsync(projectId, cancellationToken) : Task.FromResult(0);

    public Task<IReadOnlyList<string>> GroupsReferencingAsync(string groupId, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(groupId) ? inner.GroupsReferencingAsync(groupId, cancellationToken) : Task.FromResult<IReadOnlyList<string>>([]);

    public Task<RuleRow?> RuleAsync(string id, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(id) ? inner.RuleAsync(id, cancellationToken) : Task.FromResult<RuleRow?>(null);

    public Task<IReadOnlyList<RuleRow>> RulesOfGroupAsync(string groupId, string? after, int limit, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(groupId) ? inner.RulesOfGroupAsync(groupId, after, limit, cancellationToken) : Task.FromResult<IReadOnlyList<RuleRow>>([]);

    public Task<IReadOnlyList<RuleRow>> RulesOfGroupsAsync(IReadOnlyCollection<string>? groupIds, CancellationToken cancellationToken) =>
        inner.RulesOfGroupsAsync(groupIds?.Where(ResourceIds.IsStorable).ToList(), cancellationToken);

    public Task<int> RuleCountOfGroupAsync(string groupId, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(groupId) ? inner.RuleCountOfGroupAsync(groupId, cancellationToken) : Task.FromResult(0);

    public Task<int> RuleCountOfProjectAsync(string projectId, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(projectId) ? inner.RuleCountOfProjectAsync(projectId, cancellationToken) : Task.FromResult(0);

    public Task<RuleRow?> SameRuleAsync(RuleRow candidate, CancellationToken cancellationToken) => inner.SameRuleAsync(candidate, cancellationToken);

    public Task<IReadOnlyList<string>> GroupTagsAsync(string groupId, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(groupId) ? inner.GroupTagsAsync(groupId, cancellationToken) : Task.FromResult<IReadOnlyList<string>>([]);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GroupTagsOfAsync(IReadOnlyCollection<string>? groupIds, CancellationToken cancellationToken) =>
        inner.GroupTagsOfAsync(groupIds?.Where(ResourceIds.IsStorable).ToList(), cancellationToken);

    public Task<SecurityGroupRow> UpsertGroupAsync(SecurityGroupRow group, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(group.Id) && (group.ProjectId is null || ResourceIds.IsStorable(group.ProjectId))
            ? inner.UpsertGroupAsync(group, cancellationToken)
            : throw ResourceIds.Refusal();

    public Task<bool> DeleteGroupAsync(string id, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(id) ? inner.DeleteGroupAsync(id, cancellationToken) : Task.FromResult(false);

    public Task<RuleRow> InsertRuleAsync(RuleRow rule, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(rule.Id) && ResourceIds.IsStorable(rule.GroupId) ? inner.InsertRuleAsync(rule, cancellationToken) : throw ResourceIds.Refusal();

    public Task<bool> DeleteRuleAsync(string id, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(id) ? inner.DeleteRuleAsync(id, cancellationToken) : Task.FromResult(false);

    public Task SetGroupTagsAsync(string groupId, IReadOnlyList<string> tags, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(groupId) ? inner.SetGroupTagsAsync(groupId, tags, cancellationToken) : throw ResourceIds.Refusal();
}
