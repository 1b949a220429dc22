using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Auth;

/// <summary>
/// Which security groups a caller, or a project, may see. A project's group is seen by the roles of
/// its project. A platform group (no project: Cloud Foundry's ASGs, groups a platform admin makes)
/// is seen by platform admins, and by a project only where it applies to it: bound to the whole
/// platform, to the project, to an instance one of the project's ports belongs to, or put on one
/// of its ports by an admin. This is CAPI's rule for ASGs (a space role sees the globally enabled
/// ones and those bound to its spaces, SecurityGroupListFetcher in cloud_controller_ng), applied in
/// every API, so /api/v1, Neutron and CloudStack show no more than /v3 does. Another platform group
/// does not exist for the caller (404), as another project's group does not.
/// </summary>
internal sealed class GroupVisibility
{
    private readonly IStoreSession session;
    private readonly IReadOnlyCollection<string>? projects;
    private HashSet<string>? platformGroups;
    private HashSet<string>? instances;

    private GroupVisibility(IStoreSession session, IReadOnlyCollection<string>? projects)
    {
        this.session = session;
        this.projects = projects;
    }

    /// <summary>What <paramref name="caller"/> sees: every group for a platform admin, else through the projects it holds a role in.</summary>
    public static GroupVisibility Of(IStoreSession session, Caller caller) =>
        new(session, caller.IsPlatformAdmin ? null : caller.Roles.Keys);

    /// <summary>What one project sees: the groups a port or rule of the project may name.</summary>
    public static GroupVisibility OfProject(IStoreSession session, string projectId) => new(session, [projectId]);

    /// <summary>
    /// Whether a port or a rule of <paramref name="projectId"/> may name <paramref name="group"/>: the
    /// project's own group, or a platform group the project sees. A platform admin may name any
    /// platform group (putting it on a port binds it there); a platform group's rules any other.
    /// </summary>
    public static async Task<bool> MayNameAsync(IStoreSession session, Caller caller, string? projectId, GroupDocument group, CancellationToken cancellationToken) =>
        group.ProjectId is not null
            ? group.ProjectId == projectId
            : projectId is null || caller.IsPlatformAdmin || await OfProject(session, projectId).CanSeeAsync(group, cancellationToken);

    /// <summary>The groups among <paramref name="groups"/> this caller or project sees, in their order.</summary>
    public async Task<List<GroupDocument>> VisibleAsync(IEnumerable<GroupDocument> groups, CancellationToken cancellationToken)
    {
        var visible = new List<GroupDocument>();
        foreach (var group in groups)
        {
            if (await CanSeeAsync(group, cancellationToken))
            {
                visible.Add(group);
            }
        }

        return visible;
    }

    /// <summary>
    /// Whether a binding is this caller's business: any binding of a group of its projects; of a
    /// platform group, those that make it see the group (global, to its project, to its instance).
    /// </summary>
    public async Task<bool> CanSeeBindingAsync(BindingDocument binding, string? groupProjectId, CancellationToken cancellationToken)
    {
        if (projects is null)
        {
            return true;
        }

        if (groupProjectId is not null)
        {
            return projects.Contains(groupProjectId);
        }

        await PlatformGroupsAsync(cancellationToken);
        return binding.Scope switch
        {
            "global" => true,
            "project" => projects.Contains(binding.TargetId!),
            "instance" => instances!.Contains(binding.TargetId!),
            _ => false,
        };
    }

    public async Task<bool> CanSeeAsync(GroupDocument group, CancellationToken cancellationToken) =>
        projects is null
        || (group.ProjectId is { } project ? projects.Contains(project) : (await PlatformGroupsAsync(cancellationToken)).Contains(group.Id));

    /// <summary>The platform groups bound where these projects are (read once, and only when a platform group is asked about).</summary>
    private async Task<HashSet<string>> PlatformGroupsAsync(CancellationToken cancellationToken)
    {
        if (platformGroups is not null)
        {
            return platformGroups;
        }

        var ports = new List<PortDocument>();
        foreach (var project in projects!)
        {
            ports.AddRange(await session.ListAsync<PortDocument>(Kinds.Port, project, cancellationToken));
        }

        instances = ports.Where(p => p.InstanceId is not null).Select(p => p.InstanceId!).ToHashSet(StringComparer.Ordinal);
        var bindings = await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken);
        platformGroups =
        [
            .. bindings
                .Where(b => b.Scope switch
                {
                    "global" => true,
                    "project" => projects!.Contains(b.TargetId!),
                    "instance" => instances.Contains(b.TargetId!),
                    _ => false,
                })
                .Select(b => b.GroupId),
            .. ports.SelectMany(p => p.SecurityGroups),
        ];
        return platformGroups;
    }
}
