using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// <c>/v2.0/networks</c> and <c>/v2.0/subnets</c>, read-only, as far as ports need them: clients show
/// a port's network and subnets. Palisade does not run networks; they are made through the native API.
/// </summary>
internal static class NeutronNetworksApi
{
    private static readonly IReadOnlySet<string> NetworkFilters = new HashSet<string> { "id", "name", "project_id", "tenant_id", "status", "port_security_enabled" };
    private static readonly IReadOnlySet<string> SubnetFilters = new HashSet<string> { "id", "name", "network_id", "project_id", "tenant_id", "cidr", "ip_version" };

    public static RouteGroupBuilder MapNeutronNetworks(this RouteGroupBuilder neutron)
    {
        neutron.MapGet("/networks", (HttpContext context, Caller caller, IPalisadeStore store, CancellationToken ct) => ListAsync(context, caller, store, Kinds.Network, "networks", NetworkFilters, ct));
        neutron.MapGet("/networks/{id}", (string id, Caller caller, IPalisadeStore store, CancellationToken ct) => GetAsync(id, caller, store, Kinds.Network, "network", "NetworkNotFound", ct));
        neutron.MapGet("/subnets", (HttpContext context, Caller caller, IPalisadeStore store, CancellationToken ct) => ListAsync(context, caller, store, Kinds.Subnet, "subnets", SubnetFilters, ct));
        neutron.MapGet("/subnets/{id}", (string id, Caller caller, IPalisadeStore store, CancellationToken ct) => GetAsync(id, caller, store, Kinds.Subnet, "subnet", "SubnetNotFound", ct));
        return neutron;
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
