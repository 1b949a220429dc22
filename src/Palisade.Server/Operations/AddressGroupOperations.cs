using Palisade.Core.Model;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Operations;

/// <summary>
/// Address groups (Neutron's address-group extension): lists of CIDRs that rules name as their
/// remote. They belong to a project, are changed by whoever may change its security groups, and
/// cannot be deleted while a rule or a default rule template names them. Every change is a store
/// write, so it raises the revision and the agents of the hosts whose rules name the group converge.
/// </summary>
internal static class AddressGroupOperations
{
    /// <summary>The address group, or 404 when it is missing or another project's.</summary>
    public static async Task<AddressGroupDocument> RequireAsync(IStoreSession session, Caller caller, string id, CancellationToken cancellationToken)
    {
        var group = await session.GetAsync<AddressGroupDocument>(Kinds.AddressGroup, id, cancellationToken);
        return group is not null && caller.CanRead(group.ProjectId) ? group : throw NotFound(id);
    }

    public static async Task<AddressGroupDocument> CreateAsync(IStoreSession session, Caller caller, string projectId, string name, string description, IReadOnlyList<string> addresses, CancellationToken cancellationToken)
    {
        caller.EnsureReadable(projectId, "project", projectId);
        var project = await session.RequireAsync<ProjectDocument>(Kinds.Project, projectId, "project", cancellationToken);
        caller.EnsureGroupWrite(project, "project", project.Id);
        var created = new AddressGroupDocument(Guid.NewGuid().ToString(), project.Id, name, description, addresses, session.Revision);
        await session.PutAsync(Kinds.AddressGroup, created.Id, created.ProjectId, created, cancellationToken);
        return created;
    }

    /// <summary>Stores a changed address group (name, description or addresses) at this write's revision.</summary>
    public static async Task<AddressGroupDocument> UpdateAsync(IStoreSession session, Caller caller, AddressGroupDocument changed, CancellationToken cancellationToken)
    {
        await EnsureWritableAsync(session, caller, changed, cancellationToken);
        var next = changed with { RevisionNumber = session.Revision };
        await session.PutAsync(Kinds.AddressGroup, next.Id, next.ProjectId, next, cancellationToken);
        return next;
    }

    /// <summary>Refused with 409 while a rule of any group, or a default rule template, names the address group.</summary>
    public static async Task DeleteAsync(IStoreSession session, Caller caller, AddressGroupDocument group, CancellationToken cancellationToken)
    {
        await EnsureWritableAsync(session, caller, group, cancellationToken);
        var rules = await session.RulesOfGroupsAsync(null, cancellationToken);
        var templates = await session.ListAsync<DefaultRuleTemplateDocument>(Kinds.DefaultRuleTemplate, null, cancellationToken);
        if (rules.Any(r => r.RemoteAddressGroupId == group.Id) || templates.Any(t => t.RemoteAddressGroupId == group.Id))
        {
            throw new ApiException(409, "Conflict", $"Address group {group.Id} is in use on one or more security group rules.", code: "AddressGroupInUse");
        }

        await session.DeleteAsync(Kinds.AddressGroup, group.Id, cancellationToken);
    }

    /// <summary>
    /// A rule's address group must exist and belong to the rule's project (any project for a
    /// platform-owned group or a template, which only platform admins make); anything else does not
    /// exist for the caller: 404, as Neutron's <c>check_address_group</c>.
    /// </summary>
    public static async Task EnsureRemoteVisibleAsync(IStoreSession session, string? projectId, SecurityGroupRule rule, CancellationToken cancellationToken)
    {
        if (rule.Remote is not Remote.AddressGroup remote)
        {
            return;
        }

        var target = await session.GetAsync<AddressGroupDocument>(Kinds.AddressGroup, remote.AddressGroupId, cancellationToken);
        if (target is null || (projectId is not null && target.ProjectId != projectId))
        {
            throw new ApiException(404, "Not found", $"Address group {remote.AddressGroupId} could not be found.",
                new Dictionary<string, string[]> { ["remote_address_group_id"] = [$"address group {remote.AddressGroupId} does not exist."] }, "AddressGroupNotFound");
        }
    }

    public static ApiException NotFound(string id) => new(404, "Not found", $"Address group {id} could not be found.", code: "AddressGroupNotFound");

    private static async Task EnsureWritableAsync(IStoreSession session, Caller caller, AddressGroupDocument group, CancellationToken cancellationToken)
    {
        var project = await session.GetAsync<ProjectDocument>(Kinds.Project, group.ProjectId, cancellationToken);
        caller.EnsureGroupWrite(project, "address group", group.Id);
    }
}
