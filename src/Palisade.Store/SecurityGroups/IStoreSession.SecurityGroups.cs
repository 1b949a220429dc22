namespace Palisade.Store;

/// <summary>
/// Security groups, their rules and their tags as rows of their own tables (issue 12): named
/// queries that read what they answer and nothing more, keyset paged by id, and writes that change
/// one row (a rule write touches only that rule and its group's revision).
/// </summary>
public partial interface IStoreSession
{
    Task<SecurityGroupRow?> GroupAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> groups of <paramref name="projectId"/> (every group, platform
    /// ones too, when null) whose id sorts after <paramref name="after"/>, by id.
    /// </summary>
    Task<IReadOnlyList<SecurityGroupRow>> GroupsOfProjectAsync(string? projectId, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>The groups of <paramref name="projectId"/> (platform groups when null) named <paramref name="name"/>.</summary>
    Task<IReadOnlyList<SecurityGroupRow>> GroupsNamedAsync(string? projectId, string name, CancellationToken cancellationToken);

    Task<int> GroupCountAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>The ids of the other groups that have a rule naming <paramref name="groupId"/> as its remote group.</summary>
    Task<IReadOnlyList<string>> GroupsReferencingAsync(string groupId, CancellationToken cancellationToken);

    Task<RuleRow?> RuleAsync(string id, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> rules of a group whose id sorts after <paramref name="after"/>, by id.</summary>
    Task<IReadOnlyList<RuleRow>> RulesOfGroupAsync(string groupId, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The rules of <paramref name="groupIds"/> (of every group when null), each group's in the order
    /// they were added, for views that show a group with its rules and for the agents' feed.
    /// </summary>
    Task<IReadOnlyList<RuleRow>> RulesOfGroupsAsync(IReadOnlyCollection<string>? groupIds, CancellationToken cancellationToken);

    Task<int> RuleCountOfGroupAsync(string groupId, CancellationToken cancellationToken);

    Task<int> RuleCountOfProjectAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>
    /// The rule of <paramref name="candidate"/>'s group that is the same rule (the identity of the
    /// unique index: direction, ethertype, protocol, ports with the full range as none, remote), or null.
    /// </summary>
    Task<RuleRow?> SameRuleAsync(RuleRow candidate, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the group row (its rules and tags stay); returns it as stamped.</summary>
    Task<SecurityGroupRow> UpsertGroupAsync(SecurityGroupRow group, CancellationToken cancellationToken);

    /// <summary>Deletes the group; its rules and tags go with it (ON DELETE CASCADE).</summary>
    Task<bool> DeleteGroupAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the rule after its group's other rules and stamps the group's revision; throws
    /// <see cref="DuplicateRowException"/> when the group has the same rule already.
    /// </summary>
    Task<RuleRow> InsertRuleAsync(RuleRow rule, CancellationToken cancellationToken);

    /// <summary>Deletes the rule and stamps its group's revision.</summary>
    Task<bool> DeleteRuleAsync(string id, CancellationToken cancellationToken);

    /// <summary>A group's tags in the order they were set.</summary>
    Task<IReadOnlyList<string>> GroupTagsAsync(string groupId, CancellationToken cancellationToken);

    /// <summary>The tags of the given groups (of every group when null), by group id.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GroupTagsOfAsync(IReadOnlyCollection<string>? groupIds, CancellationToken cancellationToken);

    /// <summary>Replaces a group's tags.</summary>
    Task SetGroupTagsAsync(string groupId, IReadOnlyList<string> tags, CancellationToken cancellationToken);
}
