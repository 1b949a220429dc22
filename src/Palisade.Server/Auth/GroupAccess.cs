using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Auth;

/// <summary>The checks for changing what a group allows, which depend on who manages the group's project.</summary>
internal static class GroupAccess
{
    /// <summary>404 when the caller cannot see the group, 403 when it may read but not change it.</summary>
    public static async Task EnsureGroupWritableAsync(this Caller caller, IStoreSession session, GroupDocument group, CancellationToken cancellationToken)
    {
        await caller.EnsureGroupVisibleAsync(session, group, cancellationToken);
        var project = group.ProjectId is null ? null : await session.GetAsync<ProjectDocument>(Kinds.Project, group.ProjectId, cancellationToken);
        caller.EnsureGroupWrite(project, "security group", group.Id);
    }

    /// <summary>
    /// The group, or 404 when it is missing or another project's. Without <paramref name="withRules"/>
    /// its rules are not read (a rule write or a check needs only the group row).
    /// </summary>
    public static async Task<GroupDocument> RequireGroupAsync(this Caller caller, IStoreSession session, string id, CancellationToken cancellationToken, bool withRules = true)
    {
        var group = (withRules ? await session.GroupWithRulesAsync(id, cancellationToken) : await session.GroupWithoutRulesAsync(id, cancellationToken))
            ?? throw ApiException.NotFound("security group", id);
        await caller.EnsureGroupVisibleAsync(session, group, cancellationToken);
        return group;
    }

    /// <summary>404 when the caller cannot see the group (<see cref="GroupVisibility"/>).</summary>
    public static async Task EnsureGroupVisibleAsync(this Caller caller, IStoreSession session, GroupDocument group, CancellationToken cancellationToken)
    {
        if (!await GroupVisibility.Of(session, caller).CanSeeAsync(group, cancellationToken))
        {
            throw ApiException.NotFound("security group", group.Id);
        }
    }
}
