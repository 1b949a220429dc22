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
        caller.EnsureReadable(group.ProjectId, "security group", group.Id);
        var project = group.ProjectId is null ? null : await session.GetAsync<ProjectDocument>(Kinds.Project, group.ProjectId, cancellationToken);
        caller.EnsureGroupWrite(project, "security group", group.Id);
    }

    /// <summary>The group, or 404 when it is missing or another project's.</summary>
    public static async Task<GroupDocument> RequireGroupAsync(this Caller caller, IStoreSession session, string id, CancellationToken cancellationToken)
    {
        var group = await session.RequireAsync<GroupDocument>(Kinds.Group, id, "security group", cancellationToken);
        caller.EnsureReadable(group.ProjectId, "security group", id);
        return group;
    }
}
