using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Server.Operations;
using Palisade.Store;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// <c>/v2.0/address-groups</c> (extension address-group) as Neutron serves it: CRUD, and the
/// <c>add_addresses</c>/<c>remove_addresses</c> actions that <c>openstack address group set/unset
/// --address</c> call. Adding an address the group has is 400 (AddressesAlreadyExist), removing
/// one it lacks 404 (AddressesNotFound), deleting a group a rule names 409 (AddressGroupInUse).
/// </summary>
internal static class NeutronAddressGroupsApi
{
    // The description is a standard attribute, stored by Neutron in a 255-character column.
    private const int MaxDescriptionLength = 255;

    private static readonly IReadOnlySet<string> Attributes = new HashSet<string> { "name", "description", "addresses", "project_id", "tenant_id" };
    private static readonly IReadOnlySet<string> Updatable = new HashSet<string> { "name", "description" };
    private static readonly IReadOnlySet<string> ReadOnly = new HashSet<string> { "id", "created_at", "updated_at", "revision_number" };
    // Addresses change through add_addresses/remove_addresses only.
    private static readonly IReadOnlySet<string> ReadOnlyOnUpdate = new HashSet<string>(ReadOnly) { "addresses", "project_id", "tenant_id" };
    private static readonly IReadOnlySet<string> Filters = new HashSet<string> { "id", "name", "description", "project_id", "tenant_id", "revision_number" };
    private static readonly IReadOnlySet<string> SortKeys = new HashSet<string> { "id", "name", "description", "project_id", "tenant_id" };

    public static RouteGroupBuilder MapNeutronAddressGroups(this RouteGroupBuilder neutron)
    {
        neutron.MapGet("/address-groups", ListAsync);
        neutron.MapPost("/address-groups", CreateAsync);
        neutron.MapGet("/address-groups/{id}", GetAsync);
        neutron.MapPut("/address-groups/{id}", UpdateAsync);
        neutron.MapDelete("/address-groups/{id}", DeleteAsync);
        neutron.MapPut("/address-groups/{id}/add_addresses", AddAddressesAsync);
        neutron.MapPut("/address-groups/{id}/remove_addresses", RemoveAddressesAsync);
        return neutron;
    }

    private static async Task<IResult> ListAsync(HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var views = await store.ReadAsync(async session => (await session.ListAsync(Kinds.AddressGroup, null, cancellationToken))
            .Where(r => caller.CanRead(r.ProjectId))
            .Select(r => View(JsonSerializer.Deserialize<AddressGroupDocument>(r.Body, JsonDefaults.Options)!, r))
            .ToList(), cancellationToken);
        return Results.Json(NeutronQuery.List(context, "address_groups", views, Filters, SortKeys));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var view = await store.ReadAsync(
            async session => await session.GetAsync(Kinds.AddressGroup, id, cancellationToken) is null && await NeutronRangeAddressGroups.ViewAsync(session, caller, id, cancellationToken) is { } range
                ? range
                : await ViewAsync(session, await AddressGroupOperations.RequireAsync(session, caller, id, cancellationToken), cancellationToken),
            cancellationToken);
        return Results.Json(new JsonObject { ["address_group"] = NeutronQuery.Project(view, NeutronQuery.Fields(context)) });
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var items = await NeutronBody.ReadAsync(request, "address_group", "address_groups", allowBulk: true, Attributes, ReadOnly, cancellationToken);
        var drafts = items.Select(item => (
            Project: NeutronProjects.Of(caller, NeutronBody.ProjectId(item), "create_address_group"),
            Name: NeutronBody.String(item, "name") ?? "",
            Description: NeutronBody.String(item, "description", MaxDescriptionLength) ?? "",
            Addresses: NeutronAddresses.ForCreate(item["addresses"]))).ToList();
        var created = await store.WriteAsync(async session =>
        {
            var views = new JsonArray();
            foreach (var (project, name, description, addresses) in drafts)
            {
                var group = await AddressGroupOperations.CreateAsync(session, caller, project, name, description, addresses, cancellationToken);
                views.Add(await ViewAsync(session, group, cancellationToken));
            }

            return views;
        }, cancellationToken);
        var body = request.HttpContext.Items[NeutronBody.BulkKey] is true
            ? new JsonObject { ["address_groups"] = created }
            : new JsonObject { ["address_group"] = created[0]!.DeepClone() };
        return Results.Json(body, statusCode: 201);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var item = (await NeutronBody.ReadAsync(request, "address_group", "address_groups", allowBulk: false, Updatable, ReadOnlyOnUpdate, cancellationToken))[0];

        var name = NeutronBody.String(item, "name");
        var description = NeutronBody.String(item, "description", MaxDescriptionLength);
        var view = await store.WriteAsync(async session =>
        {
            await NeutronRangeAddressGroups.EnsureNotRangeAsync(session, caller, id, cancellationToken);
            var group = await AddressGroupOperations.RequireAsync(session, caller, id, cancellationToken);
            Preconditions.CheckRevision(context, group.RevisionNumber);
            var next = await AddressGroupOperations.UpdateAsync(session, caller, group with { Name = name ?? group.Name, Description = description ?? group.Description }, cancellationToken);
            return await ViewAsync(session, next, cancellationToken);
        }, cancellationToken);
        return Results.Json(new JsonObject { ["address_group"] = view });
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        await store.WriteAsync(async session =>
        {
            await NeutronRangeAddressGroups.EnsureNotRangeAsync(session, caller, id, cancellationToken);
            var group = await AddressGroupOperations.RequireAsync(session, caller, id, cancellationToken);
            Preconditions.CheckRevision(context, group.RevisionNumber);
            await AddressGroupOperations.DeleteAsync(session, caller, group, cancellationToken);
            return true;
        }, cancellationToken);
        return Results.NoContent();
    }

    /// <summary>Adds every address or none: one the group already has is 400 naming all such addresses.</summary>
    private static Task<IResult> AddAddressesAsync(string id, HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken) =>
        ChangeAddressesAsync(id, request, caller, store, (group, addresses) =>
        {
            var present = addresses.Where(group.Addresses.Contains).ToList();
            return present.Count == 0
                ? [.. group.Addresses, .. addresses]
                : throw NeutronErrors.BadRequest("AddressesAlreadyExist", $"Addresses {NeutronAddresses.PythonList(present)} already exist in the address group {id}.");
        }, cancellationToken);

    /// <summary>Removes every address or none: one the group lacks is 404 naming all such addresses.</summary>
    private static Task<IResult> RemoveAddressesAsync(string id, HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken) =>
        ChangeAddressesAsync(id, request, caller, store, (group, addresses) =>
        {
            var missing = addresses.Where(a => !group.Addresses.Contains(a)).ToList();
            return missing.Count == 0
                ? [.. group.Addresses.Where(a => !addresses.Contains(a))]
                : throw new ApiException(404, "Not found", $"Addresses {NeutronAddresses.PythonList(missing)} not found in the address group {id}.", code: "AddressesNotFound");
        }, cancellationToken);

    private static async Task<IResult> ChangeAddressesAsync(string id, HttpRequest request, Caller caller, IPalisadeStore store, Func<AddressGroupDocument, List<string>, List<string>> change, CancellationToken cancellationToken)
    {
        var addresses = NeutronAddresses.ForAction(await StrictJson.ParseAsync(request.Body, cancellationToken));
        var view = await store.WriteAsync(async session =>
        {
            await NeutronRangeAddressGroups.EnsureNotRangeAsync(session, caller, id, cancellationToken);
            var group = await AddressGroupOperations.RequireAsync(session, caller, id, cancellationToken);
            var next = await AddressGroupOperations.UpdateAsync(session, caller, group with { Addresses = change(group, addresses) }, cancellationToken);
            return await ViewAsync(session, next, cancellationToken);
        }, cancellationToken);
        return Results.Json(new JsonObject { ["address_group"] = view });
    }

    /// <summary>The view with the stored timestamps (read again, so a write in this transaction shows its own).</summary>
    private static async Task<JsonObject> ViewAsync(IStoreSession session, AddressGroupDocument group, CancellationToken cancellationToken) =>
        View(group, (await session.GetAsync(Kinds.AddressGroup, group.Id, cancellationToken))!);

    private static JsonObject View(AddressGroupDocument group, StoredResource stored) => new()
    {
        ["id"] = group.Id,
        ["name"] = group.Name,
        ["description"] = group.Description,
        ["project_id"] = group.ProjectId,
        ["tenant_id"] = group.ProjectId,
        ["addresses"] = new JsonArray([.. group.Addresses.Select(a => (JsonNode)a)]),
        ["created_at"] = NeutronViews.Timestamp(stored.CreatedAt),
        ["updated_at"] = NeutronViews.Timestamp(stored.UpdatedAt),
        ["revision_number"] = group.RevisionNumber,
    };
}
