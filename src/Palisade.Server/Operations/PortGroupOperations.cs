using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Operations;

/// <summary>
/// What every API checks when it sets the groups of a port (native, Neutron, CloudStack) or binds
/// a group wider than a port (native bindings, Cloud Foundry spaces and global groups), so the
/// answer is the same whichever dialect asks; each turns the refusal into its own error body.
/// </summary>
internal static class PortGroupOperations
{
    /// <summary>
    /// The refusal's text; Neutron raises SecurityGroupConflict (neutron/extensions/securitygroup.py)
    /// from neutron/db/securitygroups_db.py on port create and update.
    /// </summary>
    public const string MixedStatefulness = "Cannot apply both stateful and stateless security groups on the same port at the same time.";

    /// <summary>
    /// Replaces a port's groups, with the checks every API makes, in this order: the caller may
    /// change the port's groups; a port without port security takes none; no group twice; each
    /// group exists and the port's project may name it (<see cref="GroupVisibility.MayNameAsync"/>,
    /// else <paramref name="unknown"/>, the dialect's not-found); one statefulness among them and
    /// the bindings that reach the port; the groups_per_port quota. Returns the port as written.
    /// </summary>
    public static async Task<PortDocument> SetGroupsAsync(IStoreSession session, Caller caller, PortDocument port, IReadOnlyList<string> groupIds, Func<string, Exception> unknown, CancellationToken cancellationToken)
    {
        caller.EnsureGroupWrite(await session.GetAsync<ProjectDocument>(Kinds.Project, port.ProjectId, cancellationToken), "port", port.Id);
        if (groupIds.Count > 0 && !port.PortSecurityEnabled)
        {
            throw ApiException.Invalid("security_groups", "a port without port security cannot have security groups.");
        }

        if (groupIds.Distinct().Count() != groupIds.Count)
        {
            throw ApiException.Invalid("security_groups", "lists a group twice.");
        }

        var groups = new List<GroupDocument>();
        foreach (var id in groupIds)
        {
            var group = await session.GroupWithoutRulesAsync(id, cancellationToken);
            groups.Add(group is not null && await GroupVisibility.MayNameAsync(session, caller, port.ProjectId, group, cancellationToken) ? group : throw unknown(id));
        }

        EnsureOneStatefulness(groups);
        await Quotas.EnsureAsync(session, port.ProjectId, q => q.GroupsPerPort, "groups_per_port", groupIds.Count, cancellationToken);
        var next = port with { SecurityGroups = [.. groupIds], RevisionNumber = session.Revision };
        await EnsureOneStatefulnessAsync(session, next, cancellationToken);
        await session.PutAsync(Kinds.Port, port.Id, port.ProjectId, next, cancellationToken);
        return next;
    }

    /// <summary>
    /// A port's groups are all stateful or all stateless, as Neutron requires (409
    /// SecurityGroupConflict): conntrack is on or off for the whole port, so a mix would silently
    /// make the stateless groups stateful or break the stateful ones' return traffic.
    /// </summary>
    public static void EnsureOneStatefulness(IEnumerable<GroupDocument> groups, string? detail = null)
    {
        if (groups.Select(g => g.Stateful).Distinct().Count() > 1)
        {
            throw new ApiException(409, "Conflict", detail ?? MixedStatefulness,
                new Dictionary<string, string[]> { ["security_groups"] = [MixedStatefulness] }, code: "SecurityGroupConflict");
        }
    }

    /// <summary>
    /// The same rule for every group that reaches <paramref name="port"/> (as it will be written):
    /// its own and those of the instance, project and global bindings that reach it
    /// (<c>PolicyIndex.BoundGroupIds</c>'s rules).
    /// </summary>
    public static async Task EnsureOneStatefulnessAsync(IStoreSession session, PortDocument port, CancellationToken cancellationToken)
    {
        if (!port.PortSecurityEnabled)
        {
            return;
        }

        // Only the bindings whose scope reaches the port are read further, so a port write costs
        // one list of bindings and a read per group that reaches it.
        var bindings = (await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken))
            .Where(b => MayReach(b, port))
            .ToList();
        var groups = new List<GroupDocument>();
        foreach (var id in port.SecurityGroups.Concat(bindings.Select(b => b.GroupId)).Distinct())
        {
            if (await session.GroupWithoutRulesAsync(id, cancellationToken) is { } group
                && (port.SecurityGroups.Contains(id) || bindings.Any(b => b.GroupId == id && Reaches(b, group, port))))
            {
                groups.Add(group);
            }
        }

        EnsureOneStatefulness(groups);
    }

    /// <summary>
    /// After a binding is written: every port it reaches still has groups of one statefulness.
    /// Bindings are rare and made by admins, so reading every port, group and binding is fine.
    /// </summary>
    public static async Task EnsureBindingKeepsPortsConsistentAsync(IStoreSession session, BindingDocument binding, CancellationToken cancellationToken)
    {
        var groups = (await session.AllGroupRowsAsync(null, cancellationToken)).ToDictionary(g => g.Id, g => SecurityGroupRows.ToDocument(g, []));
        if (!groups.TryGetValue(binding.GroupId, out var bound))
        {
            return;
        }

        var bindings = await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken);
        foreach (var port in await session.ListAsync<PortDocument>(Kinds.Port, null, cancellationToken))
        {
            if (!port.PortSecurityEnabled || !Reaches(binding, bound, port))
            {
                continue;
            }

            var reaching = port.SecurityGroups.Select(groups.GetValueOrDefault)
                .Concat(bindings.Where(b => groups.TryGetValue(b.GroupId, out var g) && Reaches(b, g, port)).Select(b => groups[b.GroupId]))
                .OfType<GroupDocument>();
            EnsureOneStatefulness(reaching, $"{MixedStatefulness} Group {bound.Id} would reach port {port.Id}, whose other groups are {(bound.Stateful ? "stateless" : "stateful")}.");
        }
    }

    /// <summary>Whether a binding reaches a port: PolicyIndex.BoundGroupIds, on documents. A binding without a phase reaches every phase.</summary>
    private static bool Reaches(BindingDocument binding, GroupDocument group, PortDocument port) =>
        MayReach(binding, port) && (binding.Scope != "instance" || group.ProjectId is null || group.ProjectId == port.ProjectId);

    /// <summary>Reaches, before the group is known: an instance binding of another project's group does not reach the port.</summary>
    private static bool MayReach(BindingDocument binding, PortDocument port) => binding.Scope switch
    {
        "instance" => port.InstanceId is not null && binding.TargetId == port.InstanceId,
        "project" => binding.TargetId == port.ProjectId && (binding.Phase == "none" || binding.Phase == port.Phase),
        "global" => binding.Phase == "none" || binding.Phase == port.Phase,
        _ => false,
    };
}
