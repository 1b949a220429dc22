using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// Neutron's tag extension (standard-attr-tag) for security groups and ports:
/// <c>/v2.0/{security-groups|ports}/{id}/tags[/{tag}]</c>. Tags are kept beside the resource, so
/// only the Neutron dialect, which has the concept, sees them: a group's as rows of its own
/// (deleted with the group), a port's as a document.
/// </summary>
internal static class NeutronTagsApi
{
    private const int MaxTagLength = 255;

    public static RouteGroupBuilder MapNeutronTags(this RouteGroupBuilder neutron)
    {
        foreach (var collection in new[] { "security-groups", "ports" })
        {
            neutron.MapGet($"/{collection}/{{id}}/tags", (string id, Caller caller, IPalisadeStore store, CancellationToken ct) => ReadAsync(collection, id, caller, store, ct));
            neutron.MapPut($"/{collection}/{{id}}/tags", (string id, HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken ct) => ReplaceAsync(collection, id, request, caller, store, ct));
            neutron.MapDelete($"/{collection}/{{id}}/tags", (string id, Caller caller, IPalisadeStore store, CancellationToken ct) => ChangeAsync(collection, id, caller, store, _ => [], 204, ct));
            neutron.MapGet($"/{collection}/{{id}}/tags/{{tag}}", (string id, string tag, Caller caller, IPalisadeStore store, CancellationToken ct) => HasAsync(collection, id, tag, caller, store, ct));
            neutron.MapPut($"/{collection}/{{id}}/tags/{{tag}}", (string id, string tag, Caller caller, IPalisadeStore store, CancellationToken ct) =>
                ChangeAsync(collection, id, caller, store, tags => [.. tags.Append(Valid(tag)).Distinct()], 201, ct));
            neutron.MapDelete($"/{collection}/{{id}}/tags/{{tag}}", (string id, string tag, Caller caller, IPalisadeStore store, CancellationToken ct) =>
                ChangeAsync(collection, id, caller, store, tags => tags.Contains(tag) ? [.. tags.Where(t => t != tag)] : throw TagNotFound(tag, id), 204, ct));
        }

        return neutron;
    }

    /// <summary>The tags of every port, for list views.</summary>
    public static async Task<Dictionary<string, List<string>>> AllAsync(IStoreSession session, CancellationToken cancellationToken) =>
        (await session.ListAsync(Kinds.Tags, null, cancellationToken)).ToDictionary(t => t.Id, t => JsonSerializer.Deserialize<List<string>>(t.Body)!);

    private static async Task<IResult> ReadAsync(string collection, string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken) =>
        Results.Json(new JsonObject { ["tags"] = Json(await store.ReadAsync(async session => { await OwnerAsync(session, collection, id, caller, write: false, cancellationToken); return await CurrentAsync(session, collection, id, cancellationToken); }, cancellationToken)) });

    private static async Task<IResult> HasAsync(string collection, string id, string tag, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var tags = await store.ReadAsync(async session => { await OwnerAsync(session, collection, id, caller, write: false, cancellationToken); return await CurrentAsync(session, collection, id, cancellationToken); }, cancellationToken);
        return tags.Contains(tag) ? Results.NoContent() : throw TagNotFound(tag, id);
    }

    private static async Task<IResult> ReplaceAsync(string collection, string id, HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var body = await StrictJson.ParseAsync(request.Body, cancellationToken) as JsonObject;
        if (body?["tags"] is not JsonArray list || list.Any(t => t?.GetValueKind() != JsonValueKind.String))
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", "Invalid tags body: a list of strings under 'tags' is required.");
        }

        var wanted = list.Select(t => Valid(t!.GetValue<string>())).Distinct().ToList();
        var result = await ChangeAsync(collection, id, caller, store, _ => wanted, 200, cancellationToken);
        return result;
    }

    private static async Task<IResult> ChangeAsync(string collection, string id, Caller caller, IPalisadeStore store, Func<List<string>, List<string>> change, int status, CancellationToken cancellationToken)
    {
        var tags = await store.WriteAsync(async session =>
        {
            var project = await OwnerAsync(session, collection, id, caller, write: true, cancellationToken);
            var next = change(await CurrentAsync(session, collection, id, cancellationToken));
            if (collection == "ports")
            {
                await session.PutAsync(Kinds.Tags, id, project, JsonSerializer.Serialize(next), cancellationToken);
            }
            else
            {
                await session.SetGroupTagsAsync(id, next, cancellationToken);
            }

            return next;
        }, cancellationToken);
        return status == 204 ? Results.NoContent() : Results.Json(status == 201 ? null : new JsonObject { ["tags"] = Json(tags) }, statusCode: status);
    }

    /// <summary>The resource's project, after the checks for reading or changing it.</summary>
    private static async Task<string?> OwnerAsync(IStoreSession session, string collection, string id, Caller caller, bool write, CancellationToken cancellationToken)
    {
        if (collection == "ports")
        {
            var port = await session.GetAsync<PortDocument>(Kinds.Port, id, cancellationToken);
            if (port is null || !caller.CanRead(port.ProjectId))
            {
                throw new ApiException(404, "Not found", $"Port {id} could not be found.", code: "PortNotFound");
            }

            if (write)
            {
                caller.EnsureProjectWrite(port.ProjectId, "port", id);
            }

            return port.ProjectId;
        }

        var group = await session.GroupWithoutRulesAsync(id, cancellationToken);
        if (group is null || !await GroupVisibility.Of(session, caller).CanSeeAsync(group, cancellationToken))
        {
            throw new ApiException(404, "Not found", $"Security group {id} does not exist", code: "SecurityGroupNotFound");
        }

        if (write)
        {
            await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
        }

        return group.ProjectId;
    }

    private static async Task<List<string>> CurrentAsync(IStoreSession session, string collection, string id, CancellationToken cancellationToken) =>
        collection == "ports" ? await TagsAsync(session, id, cancellationToken) : [.. await session.GroupTagsAsync(id, cancellationToken)];

    /// <summary>A port's tags, empty when it has none.</summary>
    public static async Task<List<string>> TagsAsync(IStoreSession session, string id, CancellationToken cancellationToken) =>
        await session.GetAsync(Kinds.Tags, id, cancellationToken) is { } stored ? JsonSerializer.Deserialize<List<string>>(stored.Body)! : [];

    private static string Valid(string tag) =>
        tag.Length is > 0 and <= MaxTagLength && !tag.Contains(',', StringComparison.Ordinal)
            ? tag
            : throw NeutronErrors.BadRequest("InvalidInput", $"Invalid input for operation: '{tag[..Math.Min(tag.Length, 40)]}' is not a valid tag (1-{MaxTagLength} characters, no comma).");

    private static ApiException TagNotFound(string tag, string id) => new(404, "Not found", $"Tag {tag} could not be found for resource {id}.", code: "TagNotFound");

    private static JsonArray Json(IEnumerable<string> tags) => new([.. tags.Select(t => (JsonNode)t)]);
}
