using Palisade.Core.Model;
using Palisade.Core.Validation;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Operations;

/// <summary>
/// What changing a security group means, whichever dialect asks (native, Neutron, CloudStack,
/// Cloud Foundry): the checks, the quota and the write, inside the caller's transaction. Refusals
/// are <see cref="ApiException"/>s with a <see cref="ApiException.Code"/> a dialect can map to its own error names.
/// </summary>
internal static class SecurityGroupOperations
{
    /// <param name="withTemplateRules">Start with the default rule templates for non-default groups (Neutron's and the native API's behaviour).</param>
    public static async Task<GroupDocument> CreateAsync(IStoreSession session, Caller caller, string? projectId, GroupDraft draft, bool stateful, bool withTemplateRules, CancellationToken cancellationToken)
    {
        var errors = GroupValidator.Validate(draft);
        if (string.IsNullOrEmpty(projectId))
        {
            errors = errors.Add(new("project_id", "is required."));
        }

        if (!errors.IsEmpty)
        {
            throw ApiException.Invalid(errors);
        }

        caller.EnsureReadable(projectId, "project", projectId!);
        var project = await session.RequireAsync<ProjectDocument>(Kinds.Project, projectId!, "project", cancellationToken);
        caller.EnsureGroupWrite(project, "project", project.Id);
        var count = await session.GroupCountAsync(project.Id, cancellationToken);
        await Quotas.EnsureAsync(session, project.Id, q => q.SecurityGroups, "security_groups", count + 1, cancellationToken);
        var id = Guid.NewGuid().ToString();

        // Like Neutron, a new group starts with the templates' rules (by default all egress; ingress stays denied).
        var rules = withTemplateRules ? await DefaultRuleTemplates.RulesForAsync(session, id, defaultGroup: false, cancellationToken) : [];
        if (rules.Count > 0)
        {
            // As in Neutron, the rules a new group starts with count against the rule quotas.
            await Quotas.EnsureAsync(session, project.Id, q => q.RulesPerGroup, "rules_per_group", rules.Count, cancellationToken);
            await Quotas.EnsureProjectRulesAsync(session, project.Id, rules.Count, cancellationToken);
        }

        var created = new GroupDocument(id, project.Id, draft.Name!.Trim(), draft.Description ?? "", (draft.Status ?? "enabled").ToLowerInvariant(), stateful, rules, session.Revision);
        await session.PutGroupWithRulesAsync(created, cancellationToken);
        return await session.GroupWithRulesAsync(id, cancellationToken) ?? created;
    }

    /// <summary>
    /// A platform-owned group (no project: Cloud Foundry's application security groups), made by a
    /// platform admin, without template rules (CAPI starts an ASG with the rules it is given). Its name,
    /// checked by the dialect that sends it, is unique among platform groups (CAPI's uniqueness of ASG names).
    /// </summary>
    public static async Task<GroupDocument> CreatePlatformAsync(IStoreSession session, Caller caller, string name, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        await EnsurePlatformNameFreeAsync(session, name, null, cancellationToken);
        var created = new GroupDocument(Guid.NewGuid().ToString(), null, name, "", "enabled", true, [], session.Revision);
        var stored = await session.UpsertGroupAsync(SecurityGroupRows.ToRow(created), cancellationToken);
        return created with { RevisionNumber = stored.Revision };
    }

    /// <summary>Renames a platform-owned group, its name still unique among platform groups; its rules stay as they are.</summary>
    public static async Task<GroupDocument> RenamePlatformAsync(IStoreSession session, Caller caller, GroupDocument group, string name, CancellationToken cancellationToken)
    {
        await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
        await EnsurePlatformNameFreeAsync(session, name, group.Id, cancellationToken);
        var stored = await session.UpsertGroupAsync(SecurityGroupRows.ToRow(group with { Name = name }), cancellationToken);
        return group with { Name = name, RevisionNumber = stored.Revision };
    }

    private static async Task EnsurePlatformNameFreeAsync(IStoreSession session, string name, string? except, CancellationToken cancellationToken)
    {
        if ((await session.GroupsNamedAsync(null, name, cancellationToken)).Any(g => g.Id != except))
        {
            throw new ApiException(409, "Conflict", $"Security group with name '{name}' already exists.", code: "SecurityGroupNameExists");
        }
    }

    /// <summary>Changes what is given; the default group keeps its name.</summary>
    public static async Task<GroupDocument> UpdateAsync(IStoreSession session, Caller caller, GroupDocument group, GroupDraft changes, bool? stateful, CancellationToken cancellationToken)
    {
        await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
        var isDefault = group.Name == SecurityGroup.DefaultName;

        // As Neutron: a well-formed new name for the default group is a conflict (409), a malformed one a bad request (400).
        if (isDefault && changes.Name is { } name && name != group.Name && GroupValidator.Validate(new GroupDraft(name)).IsEmpty)
        {
            throw new ApiException(409, "Conflict", "Updating default security group name not allowed.", code: "SecurityGroupCannotUpdateDefault");
        }

        var errors = GroupValidator.Validate(changes with { Name = changes.Name ?? group.Name }, isDefault);
        if (!errors.IsEmpty)
        {
            throw ApiException.Invalid(errors);
        }

        // As Neutron (SecurityGroupInUse): a bound group keeps its statefulness, or the ports that
        // have it would end up with groups of both kinds (PortGroupOperations).
        if (stateful is { } wanted && wanted != group.Stateful)
        {
            var ports = (await session.ListAsync<PortDocument>(Kinds.Port, null, cancellationToken)).Where(p => p.SecurityGroups.Contains(group.Id)).Select(p => p.Id).ToList();
            var bound = (await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken)).Any(b => b.GroupId == group.Id);
            if (ports.Count > 0 || bound)
            {
                throw InUse($"Security group {group.Id} is in use: its statefulness cannot change while it is bound{(ports.Count > 0 ? $" (to port {string.Join(", port ", ports)})" : "")}.");
            }
        }

        var next = group with
        {
            Name = changes.Name?.Trim() ?? group.Name,
            Description = changes.Description ?? group.Description,
            Status = changes.Status?.ToLowerInvariant() ?? group.Status,
            Stateful = stateful ?? group.Stateful,
            RevisionNumber = session.Revision,
        };
        // Only the group's row changes; its rules stay as they are.
        var stored = await session.UpsertGroupAsync(SecurityGroupRows.ToRow(next), cancellationToken);
        return next with { RevisionNumber = stored.Revision, Rules = group.Rules.Count > 0 ? group.Rules : [.. (await session.RulesOfGroupsAsync([group.Id], cancellationToken)).Select(SecurityGroupRows.ToDocument)] };
    }

    /// <summary>
    /// Refused for the default group and for a group still bound or named as a remote group (<see cref="GroupInUse"/>, which says
    /// where). With <paramref name="unbind"/> its global and project bindings go with it instead of
    /// refusing (Cloud Foundry: deleting an ASG removes its space associations); a port still refuses.
    /// </summary>
    public static async Task DeleteAsync(IStoreSession session, Caller caller, GroupDocument group, CancellationToken cancellationToken, bool unbind = false)
    {
        await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
        var id = group.Id;
        if (group.Name == SecurityGroup.DefaultName)
        {
            throw new ApiException(409, "Conflict", $"Security group {id} is its project's default group and cannot be deleted; edit its rules instead.", code: "SecurityGroupCannotRemoveDefault");
        }

        var ports = (await session.ListAsync<PortDocument>(Kinds.Port, null, cancellationToken)).Where(p => p.SecurityGroups.Contains(id)).Select(p => p.Id).ToList();
        var bindings = (await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken)).Where(b => b.GroupId == id).ToList();
        var referencedBy = await session.GroupsReferencingAsync(id, cancellationToken);
        if (ports.Count > 0 || (bindings.Count > 0 && !unbind) || referencedBy.Count > 0)
        {
            throw new GroupInUse(id, ports, unbind ? [] : bindings, referencedBy);
        }

        foreach (var binding in bindings)
        {
            await session.DeleteAsync(Kinds.Binding, binding.Id, cancellationToken);
        }

        // Its rules and tags go with it (ON DELETE CASCADE).
        await session.DeleteGroupAsync(id, cancellationToken);
    }

    private static ApiException InUse(string detail) => new(409, "Conflict", detail, code: "SecurityGroupInUse");
}
