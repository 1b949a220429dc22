using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Model;
using Palisade.Core.Validation;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Server.Operations;
using Palisade.Store;

namespace Palisade.Server.Apis;

public static class PortsApi
{
    private const int MaxAddressPairs = 10;

    public static IEndpointRouteBuilder MapPortsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/ports").WithTags("Ports");
        api.MapPost("/", CreateAsync).WithName("CreatePort")
            .WithDescription("Without security_groups the port gets its project's default group (none where the platform manages groups); security_groups [] means no group: "
                + "with port security on, everything the fixed steps do not allow is dropped. A port with port security off is in no group and filtered by none. "
                + "Stateful and stateless groups cannot be mixed on one port (409, as Neutron).");
        api.MapGet("/", ListAsync).WithName("ListPorts");
        api.MapGet("/{id}", GetAsync).WithName("GetPort");
        api.MapDelete("/{id}", DeleteAsync).WithName("DeletePort");
        api.MapEffectiveRules();
        api.MapGet("/{id}/status", StatusAsync).WithName("GetPortStatus").WithSummary("Whether the port's firewall is enforced on its host, at which revision");
        api.MapPut("/{id}/security-groups", BindAsync).WithName("SetPortSecurityGroups").WithSummary("Replace the groups bound to a port")
            .WithDescription("[] leaves the port in no group (not the default group): with port security on, everything the fixed steps do not allow is dropped. "
                + "Stateful and stateless groups cannot be mixed on one port (409, as Neutron).");
        api.MapPut("/{id}/log-drops", SetLogDropsAsync).WithName("SetPortLogDrops").WithSummary("Whether the port's implicit deny logs what it drops")
            .WithDescription("With log_drops true, every packet the port's implicit deny drops is sent to the flow log (GET /api/v1/flow-logs) as verdict drop; the agent rate-limits them.");
        return app;
    }

    internal static async Task<Created<PortDocument>> CreateAsync(PortCreate request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        // System.Text.Json binds [null] into a list of records or strings; every check below would meet it as a NullReferenceException.
        var nulls = new (string Field, IEnumerable<object?>? Items)[] { ("fixed_ips", request.FixedIps), ("allowed_address_pairs", request.AllowedAddressPairs), ("security_groups", request.SecurityGroups) }
            .Where(list => list.Items?.Any(item => item is null) == true)
            .Select(list => new ValidationError(list.Field, "must not contain null."))
            .ToList();
        if (nulls.Count > 0)
        {
            throw ApiException.Invalid(nulls);
        }

        var errors = new List<ValidationError>();
        Require(request.ProjectId, "project_id", errors);
        Require(request.NetworkId, "network_id", errors);
        var phase = (request.Phase ?? "none").ToLowerInvariant();
        if (phase is not ("none" or "staging" or "running"))
        {
            errors.Add(new("phase", $"'{request.Phase}' is not one of none, staging, running."));
        }

        if (request.MacAddress is not null && !MacAddresses.IsValid(request.MacAddress))
        {
            errors.Add(new("mac_address", $"'{request.MacAddress}' is not a MAC address such as fa:16:3e:00:00:01."));
        }

        foreach (var (field, value) in new[] { ("instance_id", request.InstanceId), ("host", request.Host) })
        {
            if (value is { Length: 0 or > 255 })
            {
                errors.Add(new(field, "must be 1-255 characters when given."));
            }
        }

        var portSecurity = request.PortSecurityEnabled ?? true;
        var pairs = ValidatePairs(request.AllowedAddressPairs ?? [], portSecurity, errors);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }

        var port = await store.WriteAsync(async session =>
        {
            caller.EnsureReadable(request.ProjectId, "project", request.ProjectId!);
            var project = await session.RequireAsync<ProjectDocument>(Kinds.Project, request.ProjectId!, "project", cancellationToken);
            caller.EnsureProjectWrite(project.Id, "project", project.Id);
            if (request.SecurityGroups is not null)
            {
                caller.EnsureGroupWrite(project, "project", project.Id);
            }

            var network = await session.RequireAsync<NetworkDocument>(Kinds.Network, request.NetworkId!, "network", cancellationToken);
            if (network.ProjectId != project.Id)
            {
                throw ApiException.NotFound("network", network.Id);
            }

            var fixedIps = await ValidateFixedIpsAsync(session, network, request.FixedIps ?? [], cancellationToken);
            var groups = request.SecurityGroups is { } requested
                ? await ValidateGroupsAsync(session, caller, project.Id, requested, portSecurity, cancellationToken)
                : await DefaultGroupsAsync(session, project, portSecurity, cancellationToken);
            var created = new PortDocument(Guid.NewGuid().ToString(), project.Id, network.Id, fixedIps, request.MacAddress?.ToLowerInvariant() ?? RandomMac(),
                request.InstanceId, request.Host, phase, portSecurity, pairs, groups, session.Revision, request.LogDrops ?? false);
            await PortGroupOperations.EnsureOneStatefulnessAsync(session, created, cancellationToken);
            await session.PutAsync(Kinds.Port, created.Id, created.ProjectId, created, cancellationToken);
            return created;
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/ports/{port.Id}", port);
    }

    internal static async Task<Ok<List<PortDocument>>> ListAsync(
        [FromQuery(Name = "project_id")] string? projectId,
        string? host,
        [FromQuery(Name = "security_group_id")] string? securityGroupId,
        [FromQuery(Name = "instance_id")] string? instanceId,
        int? limit,
        string? cursor,
        HttpContext context,
        Caller caller,
        IPalisadeStore store,
        CancellationToken cancellationToken)
    {
        var ports = await store.ReadAsync(s => s.ListAsync<PortDocument>(Kinds.Port, projectId, cancellationToken), cancellationToken);
        return TypedResults.Ok(ports
            .Where(p => caller.CanRead(p.ProjectId))
            .Where(p => host is null || p.Host == host)
            .Where(p => securityGroupId is null || p.SecurityGroups.Contains(securityGroupId))
            .Where(p => instanceId is null || p.InstanceId == instanceId)
            .Page(p => p.Id, limit, cursor, context, ("host", p => p.Host), ("instance_id", p => p.InstanceId)));
    }

    internal static async Task<Ok<PortDocument>> GetAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ReadAsync(s => RequirePortAsync(s, caller, id, cancellationToken), cancellationToken));

    internal static async Task<Ok<PortStatusDocument>> StatusAsync(string id, Caller caller, IPalisadeStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ReadAsync(async session =>
        {
            var port = await RequirePortAsync(session, caller, id, cancellationToken);
            var report = port.Host is null ? null : await HostReports.ForHostAsync(session, port.Host, cancellationToken);
            var enforced = report is not null && report.EnforcedPorts.Contains(id);
            return new PortStatusDocument(id, port.Host, enforced, report?.AppliedRevision, session.Revision, report?.ReportedAt, report?.Error,
                PortEnforcement.StateOf(port.Host, report, enforced, session.Revision, clock.GetUtcNow()));
        }, cancellationToken));

    internal static async Task<NoContent> DeleteAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        await store.WriteAsync(async session =>
        {
            var port = await RequirePortAsync(session, caller, id, cancellationToken);
            caller.EnsureProjectWrite(port.ProjectId, "port", id);
            return await session.DeleteAsync(Kinds.Port, id, cancellationToken);
        }, cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<PortDocument>> BindAsync(string id, PortGroupsUpdate request, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var requested = request.SecurityGroups ?? throw ApiException.Invalid("security_groups", "is required: a list of group ids, [] for none.");
        if (requested.Any(group => group is null))
        {
            throw ApiException.Invalid("security_groups", "must not contain null.");
        }

        var updated = await store.WriteAsync(async session =>
        {
            var port = await RequirePortAsync(session, caller, id, cancellationToken);
            Preconditions.CheckRevision(context, port.RevisionNumber);
            return await PortGroupOperations.SetGroupsAsync(session, caller, port, requested, UnknownGroup, cancellationToken);
        }, cancellationToken);
        return TypedResults.Ok(updated);
    }

    internal static async Task<Ok<PortDocument>> SetLogDropsAsync(string id, PortLogDropsUpdate request, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var logDrops = request.LogDrops ?? throw ApiException.Invalid("log_drops", "is required: true or false.");
        var updated = await store.WriteAsync(async session =>
        {
            var port = await RequirePortAsync(session, caller, id, cancellationToken);
            caller.EnsureProjectWrite(port.ProjectId, "port", id);
            Preconditions.CheckRevision(context, port.RevisionNumber);
            var next = port with { LogDrops = logDrops, RevisionNumber = session.Revision };
            await session.PutAsync(Kinds.Port, id, port.ProjectId, next, cancellationToken);
            return next;
        }, cancellationToken);
        return TypedResults.Ok(updated);
    }

    private static async Task<PortDocument> RequirePortAsync(IStoreSession session, Caller caller, string id, CancellationToken cancellationToken)
    {
        var port = await session.RequireAsync<PortDocument>(Kinds.Port, id, "port", cancellationToken);
        caller.EnsureReadable(port.ProjectId, "port", id);
        return port;
    }

    private static void Require(string? value, string field, List<ValidationError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new(field, "is required."));
        }
    }

    private static List<AddressPairDocument> ValidatePairs(IReadOnlyList<AddressPairRequest> pairs, bool portSecurity, List<ValidationError> errors)
    {
        if (pairs.Count > 0 && !portSecurity)
        {
            errors.Add(new("allowed_address_pairs", "need port security; a port without it already sends from any address."));
        }

        if (pairs.Count > MaxAddressPairs)
        {
            errors.Add(new("allowed_address_pairs", $"at most {MaxAddressPairs} pairs (got {pairs.Count})."));
        }

        var result = new List<AddressPairDocument>();
        for (var i = 0; i < pairs.Count; i++)
        {
            if (!AddressParser.TryParseCidr(pairs[i].IpAddress, out var network))
            {
                errors.Add(new($"allowed_address_pairs[{i}].ip_address", $"'{pairs[i].IpAddress}' is not an IP address or CIDR."));
            }
            else if (pairs[i].MacAddress is { } mac && !MacAddresses.IsValid(mac))
            {
                errors.Add(new($"allowed_address_pairs[{i}].mac_address", $"'{mac}' is not a MAC address."));
            }
            else if (result.Any(p => p.IpAddress == network.ToString() && p.MacAddress == pairs[i].MacAddress))
            {
                errors.Add(new($"allowed_address_pairs[{i}]", "duplicates an earlier pair."));
            }
            else
            {
                result.Add(new AddressPairDocument(network.ToString(), pairs[i].MacAddress?.ToLowerInvariant()));
            }
        }

        return result;
    }

    private static async Task<List<FixedIpDocument>> ValidateFixedIpsAsync(IStoreSession session, NetworkDocument network, IReadOnlyList<FixedIpRequest> requested, CancellationToken cancellationToken)
    {
        var subnets = (await session.ListAsync<SubnetDocument>(Kinds.Subnet, network.ProjectId, cancellationToken)).Where(s => s.NetworkId == network.Id).ToDictionary(s => s.Id);
        var result = new List<FixedIpDocument>();
        for (var i = 0; i < requested.Count; i++)
        {
            var field = $"fixed_ips[{i}]";
            if (requested[i].SubnetId is not { } subnetId || !subnets.TryGetValue(subnetId, out var subnet))
            {
                throw ApiException.Invalid(field + ".subnet_id", $"'{requested[i].SubnetId}' is not a subnet of network {network.Id}.");
            }

            if (!AddressParser.TryParseAddress(requested[i].IpAddress, out var address) || !System.Net.IPNetwork.Parse(subnet.Cidr).Contains(address))
            {
                throw ApiException.Invalid(field + ".ip_address", $"'{requested[i].IpAddress}' is not an address in subnet {subnet.Cidr}.");
            }

            result.Add(new FixedIpDocument(subnet.Id, address.ToString()));
        }

        return result;
    }

    private static async Task<List<string>> ValidateGroupsAsync(IStoreSession session, Caller caller, string projectId, IReadOnlyList<string> requested, bool portSecurity, CancellationToken cancellationToken)
    {
        if (requested.Count > 0 && !portSecurity)
        {
            throw ApiException.Invalid("security_groups", "a port without port security cannot have security groups.");
        }

        if (requested.Distinct().Count() != requested.Count)
        {
            throw ApiException.Invalid("security_groups", "lists a group twice.");
        }

        var groups = new List<GroupDocument>();
        foreach (var groupId in requested)
        {
            var group = await session.GroupWithoutRulesAsync(groupId, cancellationToken);
            if (group is null || !await GroupVisibility.MayNameAsync(session, caller, projectId, group, cancellationToken))
            {
                throw UnknownGroup(groupId);
            }

            groups.Add(group);
        }

        PortGroupOperations.EnsureOneStatefulness(groups);

        await Quotas.EnsureAsync(session, projectId, q => q.GroupsPerPort, "groups_per_port", requested.Count, cancellationToken);
        return [.. requested];
    }

    private static ApiException UnknownGroup(string groupId) =>
        new(404, "Not found", $"security group {groupId} does not exist.", new Dictionary<string, string[]> { ["security_groups"] = [$"security group {groupId} does not exist."] });

    /// <summary>A port created with no groups gets its project's default group (design.md §1), except where the platform manages groups.</summary>
    private static async Task<List<string>> DefaultGroupsAsync(IStoreSession session, ProjectDocument project, bool portSecurity, CancellationToken cancellationToken)
    {
        if (!portSecurity || project.GroupsManagedBy == "platform")
        {
            return [];
        }

        var groups = await session.GroupsNamedAsync(project.Id, SecurityGroup.DefaultName, cancellationToken);
        return [.. groups.Select(g => g.Id).Take(1)];
    }

    /// <summary>A locally administered unicast MAC, as Neutron's fa:16:3e prefix is.</summary>
    private static string RandomMac()
    {
        Span<byte> bytes = stackalloc byte[3];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return $"fa:16:3e:{bytes[0]:x2}:{bytes[1]:x2}:{bytes[2]:x2}";
    }
}
