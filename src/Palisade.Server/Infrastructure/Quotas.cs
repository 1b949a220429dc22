using Palisade.Server.Documents;
using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// Checks a project's limits inside the writing transaction, so two concurrent creates cannot both
/// slip under a limit. Exceeding one is a 409 that names the quota, as Neutron's OverQuota is.
/// </summary>
internal static class Quotas
{
    public static async Task<QuotaDocument> ReadAsync(IStoreSession session, string projectId, CancellationToken cancellationToken) =>
        await session.GetAsync<QuotaDocument>(Kinds.Quota, projectId, cancellationToken) ?? QuotaDocument.Defaults(projectId);

    /// <summary>
    /// The project-wide rule quota (Neutron's security_group_rule) for <paramref name="adding"/> more
    /// rules. Counting is a COUNT over the project's rule rows, so it happens only when the quota is set.
    /// </summary>
    public static async Task EnsureProjectRulesAsync(IStoreSession session, string? projectId, int adding, CancellationToken cancellationToken)
    {
        if (projectId is null || (await ReadAsync(session, projectId, cancellationToken)).SecurityGroupRules < 0)
        {
            return;
        }

        var projectRules = await session.RuleCountOfProjectAsync(projectId, cancellationToken);
        await EnsureAsync(session, projectId, q => q.SecurityGroupRules, "security_group_rules", projectRules + adding, cancellationToken);
    }

    /// <summary>The rules-per-group quota for <paramref name="adding"/> more rules of <paramref name="group"/>, counted in SQL only when the quota is set.</summary>
    public static async Task EnsureRulesPerGroupAsync(IStoreSession session, GroupDocument group, int adding, CancellationToken cancellationToken)
    {
        if (group.ProjectId is null || (await ReadAsync(session, group.ProjectId, cancellationToken)).RulesPerGroup < 0)
        {
            return;
        }

        var rules = await session.RuleCountOfGroupAsync(group.Id, cancellationToken);
        await EnsureAsync(session, group.ProjectId, q => q.RulesPerGroup, "rules_per_group", rules + adding, cancellationToken);
    }

    public static async Task EnsureAsync(IStoreSession session, string? projectId, Func<QuotaDocument, int> limit, string name, int wanted, CancellationToken cancellationToken)
    {
        if (projectId is null)
        {
            return; // platform-owned groups have no project and no quota
        }

        var allowed = limit(await ReadAsync(session, projectId, cancellationToken));
        if (allowed >= 0 && wanted > allowed)
        {
            throw new ApiException(409, "Conflict", $"Quota exceeded: {name} of project {projectId} is {allowed} (this change needs {wanted}).",
                new Dictionary<string, string[]> { ["quota"] = [name] }, "OverQuota");
        }
    }
}
