using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Server.Apis;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// <c>/v2.0/networks</c> and <c>/v2.0/subnets</c>, as far as ports need them: clients show a port's
/// network and subnets. Palisade does not run networks; a network made here is the native API's
/// network, with a name only (any other attribute is Neutron's "Unrecognized attribute(s)"), as
/// tempest's security-group tests make one to put ports on. Subnets are made through the native API.
/// </summary>
internal static class NeutronNetworksApi
{
    private static readonly IReadOnlySet<string> NetworkFilters = new HashSet<string> { "id", "name", "project_id", "tenant_id", "status", "port_security_enabled" };
    private static readonly IReadOnlySet<string> SubnetFilters = new HashSet<string> { "id", "name", "network_id", "project_id", "tenant_id", "cidr", "ip_version" };

    public static RouteGroupBuilder MapNeutronNetworks(this RouteGroupBuilder neutron)
    {
        neutron.MapGet("/networks", (HttpContext context, Caller caller, IPalisadeStore store, CancellationToken ct) => ListAsync(context, caller, store, Kinds.Network, "networks", NetworkFilters, ct));
        neutron.MapPost("/networks", CreateNetworkAsync);
        neutron.MapDelete("/networks/{id}", DeleteNetworkAsync);
        neutron.MapGet("/networks/{id}", (string id, Caller caller, IPalisadeStore store, CancellationToken ct) => GetAsync(id, caller, store, Kinds.Network, "network", "NetworkNotFound", ct));
        neutron.MapGet("/subnets", (HttpContext context, Caller caller, IPalisadeStore store, CancellationToken ct) => ListAsync(context, caller, store, Kinds.Subnet, "subnets", SubnetFilters, ct));
        neutron.MapGet("/subnets/{id}", (string id, Caller caller, IPalisadeStore store, CancellationToken ct) => GetAsync(id, caller, store, Kinds.Subnet, "subnet", "SubnetNotFound", ct));
        return neutron;
    }

    private static readonly IReadOnlySet<string> NetworkAttributes = new HashSet<string> { "name", "project_id", "tenant_id" };
    private static readonly IReadOnlySet<string> NetworkReadOnly = new HashSet<string> { "id", "status", "subnets", "created_at", "updated_at", "revision_number" };

    private static async Task<IResult> CreateNetworkAsync(HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var item = (await NeutronBody.ReadAsync(request, "network", "networks", allowBulk: false, NetworkAttributes, NetworkReadOnly, cancellationToken))[0];
        var project = NeutronProjects.Of(caller, NeutronBody.ProjectId(item), "create_network");
        var created = await NetworksApi.CreateNetworkAsync(new NetworkCreate(project, NeutronBody.String(item, "name")), caller, store, cancellationToken);
        var view = await store.ReadAsync(async session => View(Kinds.Network, (await session.GetAsync(Kinds.Network, created.Value!.Id, cancellationToken))!, []), cancellationToken);
        return Results.Json(new JsonObject { ["network"] = view }, statusCode: 201);
    }

    /// <summary>
    /// Deletes a network and its subnets, refused while a port is on it with Neutron's NetworkInUse
    /// (neutron_lib/exceptions, raised by neutron/db/db_base_plugin_v2.py <c>delete_network</c>).
    /// </summary>
    private static async Task<IResult> DeleteNetworkAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        await store.WriteAsync(async session =>
        {
            var stored = await session.GetAsync(Kinds.Network, id, cancellationToken);
            if (stored is null || !caller.CanRead(stored.ProjectId))
            {
                throw new ApiException(404, "Not found", $"Network {id} could not be found.", code: "NetworkNotFound");
            }

            caller.EnsureProjectWrite(stored.ProjectId, "network", id);
            var ports = await session.ListAsync<PortDocument>(Kinds.Port, stored.ProjectId, cancellationToken);
            if (ports.Any(p => p.NetworkId == id))
            {
                throw new ApiException(409, "Conflict", $"Unable to complete operation on network {id}. There are one or more ports still in use on the network.", code: "NetworkInUse");
            }

            foreach (var subnet in (await session.ListAsync<SubnetDocument>(Kinds.Subnet, stored.ProjectId, cancellationToken)).Where(s => s.NetworkId == id))
            {
                await session.DeleteAsync(Kinds.Subnet, subnet.Id, cancellationToken);
            }

            await session.DeleteAsync(Kinds.Network, id, cancellationToken);
            return true;
        }, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> ListAsync(HttpContext context, Caller caller, IPalisadeStore store, string kind, string collection, IReadOnlySet<string> filters, CancellationToken cancellationToken)
    {
        var views = await store.ReadAsync(async session =>
        {
            var subnets = await session.ListAsync<SubnetDocument>(Kinds.Subnet, null, cancellationToken);
            return (await session.ListAsync(kind, null, cancellationToken)).Where(r => caller.CanRead(r.ProjectId)).Select(r => View(kind, r, subnets)).ToList();
        }, cancellationToken);
        return Results.Json(NeutronQuery.List(context, collection, views, filters, filters));
    }

    private static async Task<IResult> GetAsync(string id, Caller caller, IPalisadeStore store, string kind, string singular, string notFound, CancellationToken cancellationToken)
    {
        var view = await store.ReadAsync(async session =>
        {
            var stored = await session.GetAsync(kind, id, cancellationToken);
            return stored is not null && caller.CanRead(stored.ProjectId)
                ? View(kind, stored, await session.ListAsync<SubnetDocument>(Kinds.Subnet, stored.ProjectId, cancellationToken))
                : throw new ApiException(404, "Not found", $"{char.ToUpperInvariant(singular[0])}{singular[1..]} {id} could not be found.", code: notFound);
        }, cancellationToken);
        return Results.Json(new JsonObject { [singular] = view });
    }

    private static JsonObject View(string kind, StoredResource stored, IReadOnlyList<SubnetDocument> subnets)
    {
        var created = stored.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var updated = stored.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (kind == Kinds.Network)
        {
            var network = JsonSerializer.Deserialize<NetworkDocument>(stored.Body, JsonDefaults.Options)!;
            return new JsonObject
            {
                ["id"] = network.Id, ["name"] = network.Name, ["description"] = "", ["project_id"] = network.ProjectId, ["tenant_id"] = network.ProjectId,
                ["status"] = "ACTIVE", ["admin_state_up"] = true, ["shared"] = false, ["port_security_enabled"] = true,
                ["subnets"] = new JsonArray([.. subnets.Where(s => s.NetworkId == network.Id).Select(s => (JsonNode)s.Id)]),
                ["tags"] = new JsonArray(), ["created_at"] = created, ["updated_at"] = updated, ["revision_number"] = network.RevisionNumber,
            };
        }

        var subnet = JsonSerializer.Deserialize<SubnetDocument>(stored.Body, JsonDefaults.Options)!;
        return new JsonObject
        {
            ["id"] = subnet.Id, ["name"] = "", ["description"] = "", ["network_id"] = subnet.NetworkId, ["project_id"] = subnet.ProjectId, ["tenant_id"] = subnet.ProjectId,
            ["cidr"] = subnet.Cidr, ["ip_version"] = subnet.IpVersion, ["enable_dhcp"] = true, ["gateway_ip"] = null,
            ["tags"] = new JsonArray(), ["created_at"] = created, ["updated_at"] = updated, ["revision_number"] = subnet.RevisionNumber,
        };
    }
}
