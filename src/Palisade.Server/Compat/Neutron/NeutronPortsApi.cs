using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Server.Operations;
using Palisade.Store;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// <c>/v2.0/ports</c> as far as security groups need them: list and show, and an update of
/// <c>security_groups</c>, <c>port_security_enabled</c> and <c>allowed_address_pairs</c> (what
/// <c>openstack port set --security-group</c>, <c>--disable-port-security</c> and
/// <c>--allowed-address</c> send), with Neutron's refusals.
/// </summary>
internal static class NeutronPortsApi
{
    private static readonly IReadOnlySet<string> Updatable = new HashSet<string> { "security_groups", "port_security_enabled", "allowed_address_pairs" };
    private static readonly IReadOnlySet<string> Filters = new HashSet<string> { "id", "network_id", "project_id", "tenant_id", "mac_address", "device_id", "device_owner", "status", "port_security_enabled", "security_groups", "binding:host_id", "name" };
    private static readonly IReadOnlySet<string> FilteredHere = new HashSet<string> { "security_groups" };
    private static readonly IReadOnlySet<string> SortKeys = new HashSet<string> { "id", "network_id", "project_id", "tenant_id", "mac_address", "device_id", "name" };

    public static RouteGroupBuilder MapNeutronPorts(this RouteGroupBuilder neutron)
    {
        neutron.MapGet("/ports", ListAsync);
        neutron.MapGet("/ports/{id}", GetAsync);
        neutron.MapPut("/ports/{id}", UpdateAsync);
        return neutron;
    }

    private static async Task<IResult> ListAsync(HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var views = await store.ReadAsync(async session =>
        {
            var tags = await NeutronTagsApi.AllAsync(session, cancellationToken);
            return (await session.ListAsync(Kinds.Port, null, cancellationToken))
                .Where(r => caller.CanRead(r.ProjectId))
                .Select(r => NeutronViews.Port(JsonSerializer.Deserialize<PortDocument>(r.Body, JsonDefaults.Options)!, r, tags.GetValueOrDefault(r.Id)))
                .ToList();
        }, cancellationToken);

        // security_groups is a list: ?security_groups=<id> means "bound to that group".
        var byGroup = context.Request.Query["security_groups"].Select(v => v!).ToList();
        var filtered = byGroup.Count == 0 ? views : views.Where(v => v["security_groups"]!.AsArray().Any(g => byGroup.Contains((string)g!))).ToList();
        return Results.Json(NeutronQuery.List(context, "ports", filtered, Filters, SortKeys, FilteredHere));
    }

    private static async Task<IResult> GetAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var view = await store.ReadAsync(async session => NeutronViews.Port(await RequireAsync(session, caller, id, cancellationToken), (await session.GetAsync(Kinds.Port, id, cancellationToken))!, await NeutronTagsApi.TagsAsync(session, id, cancellationToken)), cancellationToken);
        return Results.Json(new JsonObject { ["port"] = view });
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var body = await StrictJson.ParseAsync(request.Body, cancellationToken) as JsonObject;
        if (body?["port"] is not JsonObject item || body.Count != 1)
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", "Unable to find 'port' in request body");
        }

        var readOnly = item.Select(p => p.Key).Where(k => !Updatable.Contains(k)).ToList();
        if (readOnly.Count > 0)
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", $"Cannot update read-only attribute {string.Join(", ", readOnly)}");
        }

        var groups = item.ContainsKey("security_groups") ? SecurityGroups(item["security_groups"]) : null;
        var portSecurity = NeutronBody.Boolean(item, "port_security_enabled");
        var pairs = item.ContainsKey("allowed_address_pairs") ? NeutronAddressPairs.Parse(item["allowed_address_pairs"]) : null;
        var view = await store.WriteAsync(async session =>
        {
            var port = await RequireAsync(session, caller, id, cancellationToken);
            Preconditions.CheckRevision(context, port.RevisionNumber);
            caller.EnsureGroupWrite(await session.GetAsync<ProjectDocument>(Kinds.Project, port.ProjectId, cancellationToken), "port", id);
            var nextGroups = groups ?? [.. port.SecurityGroups];
            var nextSecurity = portSecurity ?? port.PortSecurityEnabled;
            var nextPairs = pairs ?? [.. port.AllowedAddressPairs];
            if (!nextSecurity && nextGroups.Count > 0)
            {
                throw new ApiException(409, "Conflict", $"Port {id} has security group associated. Cannot disable port security or IP address until security group is removed.", code: "PortSecurityPortHasSecurityGroup");
            }

            if (!nextSecurity && nextPairs.Count > 0)
            {
                throw new ApiException(409, "Conflict", "Port Security must be enabled in order to have allowed address pairs on a port.", code: "AddressPairAndPortSecurityRequired");
            }

            if (nextGroups.Distinct().Count() != nextGroups.Count)
            {
                throw NeutronErrors.BadRequest("HTTPBadRequest", $"Invalid input for security_groups. Reason: Duplicate items in the list: '{nextGroups.GroupBy(g => g).First(g => g.Count() > 1).Key}'.");
            }

            var documents = new List<GroupDocument>();
            foreach (var groupId in nextGroups)
            {
                var group = await session.GroupWithoutRulesAsync(groupId, cancellationToken);
                if (group is null || !await GroupVisibility.MayNameAsync(session, caller, port.ProjectId, group, cancellationToken))
                {
                    throw new ApiException(404, "Not found", $"Security group {groupId} does not exist", code: "SecurityGroupNotFound");
                }

                documents.Add(group);
            }

            PortGroupOperations.EnsureOneStatefulness(documents);

            await Quotas.EnsureAsync(session, port.ProjectId, q => q.GroupsPerPort, "groups_per_port", nextGroups.Count, cancellationToken);
            var next = port with { SecurityGroups = nextGroups, PortSecurityEnabled = nextSecurity, AllowedAddressPairs = nextPairs, RevisionNumber = session.Revision };
            await PortGroupOperations.EnsureOneStatefulnessAsync(session, next, cancellationToken);
            await session.PutAsync(Kinds.Port, id, port.ProjectId, next, cancellationToken);
            return NeutronViews.Port(next, (await session.GetAsync(Kinds.Port, id, cancellationToken))!, await NeutronTagsApi.TagsAsync(session, id, cancellationToken));
        }, cancellationToken);
        return Results.Json(new JsonObject { ["port"] = view });
    }

    private static List<string> SecurityGroups(JsonNode? node) => node switch
    {
        null => [],
        JsonArray list when list.All(g => g?.GetValueKind() == JsonValueKind.String && Guid.TryParse(g.GetValue<string>(), out _)) => [.. list.Select(g => g!.GetValue<string>())],
        _ => throw NeutronErrors.BadRequest("HTTPBadRequest", $"Invalid input for security_groups. Reason: '{node.ToJsonString()}' is not a list of UUIDs."),
    };

    private static async Task<PortDocument> RequireAsync(IStoreSession session, Caller caller, string id, CancellationToken cancellationToken)
    {
        var port = await session.GetAsync<PortDocument>(Kinds.Port, id, cancellationToken);
        return port is not null && caller.CanRead(port.ProjectId)
            ? port
            : throw new ApiException(404, "Not found", $"Port {id} could not be found.", code: "PortNotFound");
    }
}
