using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Validation;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Server.Operations;
using Palisade.Store;

namespace Palisade.Server.Compat.CloudFoundry;

/// <summary>
/// Cloud Foundry v3 application security groups (SAP BTP), over Palisade's model: an ASG is a
/// platform-owned group (no project) of egress rules, written through
/// <see cref="SecurityGroupOperations"/> and <see cref="RuleOperations"/> as any API's groups are;
/// each CF rule is also kept exactly as sent, on the rule rows it became (<see cref="RuleAsGiven"/>),
/// since CAPI returns rules verbatim, and a rule another API added shows in CF's shape
/// (<see cref="CfRuleView"/>); <c>globally_enabled</c> is a global binding per phase and a space binding is a
/// project binding per phase (spaces are projects whose groups the platform manages). Only platform
/// admins change groups; space roles see the groups that apply to their spaces.
/// </summary>
internal static class CfSecurityGroupsApi
{
    private static readonly HashSet<string> CreateKeys = ["name", "globally_enabled", "relationships", "rules"];
    private static readonly HashSet<string> UpdateKeys = ["name", "globally_enabled", "rules"];
    private static readonly HashSet<string> DataKeys = ["data"];
    private static readonly string[] ListFilters = ["guids", "names", "running_space_guids", "staging_space_guids"];
    private static readonly string[] ListBooleanFilters = ["globally_enabled_running", "globally_enabled_staging"];
    private static readonly string[] SpaceViewFilters = ["guids", "names"];

    public static RouteGroupBuilder MapCfSecurityGroups(this RouteGroupBuilder v3)
    {
        v3.MapPost("/security_groups", CreateAsync);
        v3.MapGet("/security_groups", ListAsync);
        v3.MapGet("/security_groups/{guid}", GetAsync);
        v3.MapPatch("/security_groups/{guid}", UpdateAsync);
        v3.MapDelete("/security_groups/{guid}", DeleteAsync);
        v3.MapPost("/security_groups/{guid}/relationships/{lifecycle}_spaces", BindAsync);
        v3.MapDelete("/security_groups/{guid}/relationships/{lifecycle}_spaces/{space}", UnbindAsync);
        v3.MapGet("/spaces/{space}/{lifecycle}_security_groups", ForSpaceAsync);
        v3.MapGet("/jobs/{guid}", JobAsync);
        return v3;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var body = await ReadObjectAsync(request, CreateKeys, cancellationToken);
        caller.EnsurePlatformAdmin();
        var name = Name(body, required: true)!;
        var (running, staging) = GloballyEnabled(body["globally_enabled"], (false, false));
        var drafts = Rules(body["rules"] ?? new JsonArray());
        var relationships = body["relationships"] switch
        {
            null => new JsonObject(),
            JsonObject given => given,
            _ => throw CfErrors.Unprocessable("Relationships must be an object"),
        };
        var spaces = (Spaces(relationships["running_spaces"]), Spaces(relationships["staging_spaces"]));
        var view = await store.WriteAsync(async session =>
        {
            var group = await SecurityGroupOperations.CreatePlatformAsync(session, caller, name, cancellationToken);
            var missing = (await MissingSpacesAsync(session, caller, [.. spaces.Item1, .. spaces.Item2], cancellationToken)).ToList();
            if (missing.Count > 0)
            {
                throw CfErrors.Unprocessable($"Spaces with guids [{string.Join(", ", missing.Select(m => $"\"{m}\""))}] do not exist.");
            }

            await ReplaceRulesAsync(session, caller, group, drafts, cancellationToken);
            await SetGlobalAsync(session, group.Id, "running", running, cancellationToken);
            await SetGlobalAsync(session, group.Id, "staging", staging, cancellationToken);
            foreach (var (lifecycle, guids) in new[] { ("running", spaces.Item1), ("staging", spaces.Item2) })
            {
                foreach (var space in guids.Distinct())
                {
                    await BindSpaceAsync(session, group.Id, space, lifecycle, cancellationToken);
                }
            }

            return await ViewAsync(session, caller, request, group.Id, cancellationToken);
        }, cancellationToken);
        return Results.Json(view, statusCode: 201);
    }

    private static async Task<IResult> GetAsync(string guid, HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken) =>
        Results.Json(await store.ReadAsync(s => ViewAsync(s, caller, request, guid, cancellationToken), cancellationToken));

    private static async Task<IResult> ListAsync(HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var list = CfListQuery.Parse(query, ListFilters, ListBooleanFilters, timestamps: true);
        var views = await store.ReadAsync(async session =>
        {
            var all = new List<JsonObject>();
            foreach (var group in await CfGroupsAsync(session, cancellationToken))
            {
                if (await VisibleAsync(session, caller, group.Id, cancellationToken))
                {
                    all.Add(await ViewAsync(session, caller, request, group.Id, cancellationToken));
                }
            }

            return all;
        }, cancellationToken);
        IEnumerable<JsonObject> filtered = views;
        filtered = Filter(filtered, query["guids"], v => [(string)v["guid"]!]);
        filtered = Filter(filtered, query["names"], v => [(string)v["name"]!]);
        filtered = Filter(filtered, query["running_space_guids"], v => v["relationships"]!["running_spaces"]!["data"]!.AsArray().Select(d => (string)d!["guid"]!));
        filtered = Filter(filtered, query["staging_space_guids"], v => v["relationships"]!["staging_spaces"]!["data"]!.AsArray().Select(d => (string)d!["guid"]!));
        filtered = Filter(filtered, query["globally_enabled_running"], v => [((bool)v["globally_enabled"]!["running"]!).ToString().ToLowerInvariant()]);
        filtered = Filter(filtered, query["globally_enabled_staging"], v => [((bool)v["globally_enabled"]!["staging"]!).ToString().ToLowerInvariant()]);
        filtered = filtered.Where(v => list.Timestamps.All(t => t.Matches(v)));
        return Results.Json(PaginatedList(request, Sorted(filtered, list), list));
    }

    private static async Task<IResult> UpdateAsync(string guid, HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var body = await ReadObjectAsync(request, UpdateKeys, cancellationToken);
        var view = await store.WriteAsync(async session =>
        {
            var group = await RequireVisibleAsync(session, caller, guid, cancellationToken);
            caller.EnsurePlatformAdmin();
            var name = Name(body, required: false);
            var current = await GlobalAsync(session, guid, cancellationToken);
            var (running, staging) = GloballyEnabled(body["globally_enabled"], current);
            if (name is not null)
            {
                group = await SecurityGroupOperations.RenamePlatformAsync(session, caller, group, name, cancellationToken);
            }

            if (body["rules"] is { } rules)
            {
                await ReplaceRulesAsync(session, caller, group, Rules(rules), cancellationToken);
            }

            await SetGlobalAsync(session, guid, "running", running, cancellationToken);
            await SetGlobalAsync(session, guid, "staging", staging, cancellationToken);
            return await ViewAsync(session, caller, request, guid, cancellationToken);
        }, cancellationToken);
        return Results.Json(view);
    }

    /// <summary>
    /// CAPI deletes in a job (202 + Location); Palisade deletes at once and records the finished job.
    /// Bindings go with the group; one still on a port or named as the remote group of another group's
    /// rule is refused (<see cref="SecurityGroupOperations.DeleteAsync"/>).
    /// </summary>
    private static async Task<IResult> DeleteAsync(string guid, HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var job = await store.WriteAsync(async session =>
        {
            var group = await RequireVisibleAsync(session, caller, guid, cancellationToken);
            caller.EnsurePlatformAdmin();
            await SecurityGroupOperations.DeleteAsync(session, caller, group, cancellationToken, unbind: true);
            var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var id = Guid.NewGuid().ToString();
            var created = new JsonObject
            {
                ["guid"] = id,
                ["created_at"] = now,
                ["updated_at"] = now,
                ["operation"] = "security_group.delete",
                ["state"] = "COMPLETE",
                ["errors"] = new JsonArray(),
                ["warnings"] = new JsonArray(),
                ["links"] = new JsonObject { ["self"] = new JsonObject { ["href"] = Href(request, $"/v3/jobs/{id}") } },
            };
            await session.PutAsync(Kinds.CfJob, id, null, created.ToJsonString(), cancellationToken);
            return id;
        }, cancellationToken);
        request.HttpContext.Response.Headers.Location = Href(request, $"/v3/jobs/{job}");
        return Results.StatusCode(202);
    }

    private static async Task<IResult> JobAsync(string guid, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var job = await store.ReadAsync(s => s.GetAsync(Kinds.CfJob, guid, cancellationToken), cancellationToken) ?? throw CfErrors.NotFound("Job not found");
        return Results.Json(JsonNode.Parse(job.Body));
    }

    private static async Task<IResult> BindAsync(string guid, string lifecycle, HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var phase = Lifecycle(lifecycle);
        var body = await ReadObjectAsync(request, DataKeys, cancellationToken);
        var spaces = Spaces(body);
        var data = await store.WriteAsync(async session =>
        {
            await RequireVisibleAsync(session, caller, guid, cancellationToken);
            caller.EnsurePlatformAdmin();
            var missing = (await MissingSpacesAsync(session, caller, spaces, cancellationToken)).ToList();
            if (missing.Count > 0)
            {
                throw CfErrors.Unprocessable($"Spaces with guids [{string.Join(", ", missing.Select(m => $"\"{m}\""))}] do not exist, or you do not have access to them.");
            }

            foreach (var space in spaces.Distinct())
            {
                await BindSpaceAsync(session, guid, space, phase, cancellationToken);
            }

            return await SpaceDataAsync(session, caller, guid, phase, cancellationToken);
        }, cancellationToken);
        return Results.Json(new JsonObject { ["data"] = data });
    }

    private static async Task<IResult> UnbindAsync(string guid, string lifecycle, string space, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var phase = Lifecycle(lifecycle);
        await store.WriteAsync(async session =>
        {
            await RequireVisibleAsync(session, caller, guid, cancellationToken);
            caller.EnsurePlatformAdmin();
            var binding = (await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken))
                .FirstOrDefault(b => b.GroupId == guid && b.Scope == "project" && b.TargetId == space && b.Phase == phase)
                ?? throw CfErrors.Unprocessable($"Unable to unbind security group from space with guid '{space}'. Ensure the space is bound to this security group.");
            return await session.DeleteAsync(Kinds.Binding, binding.Id, cancellationToken);
        }, cancellationToken);
        return Results.NoContent();
    }

    /// <summary>The groups a space's apps get in a lifecycle: bound to the space, or globally enabled.</summary>
    private static async Task<IResult> ForSpaceAsync(string space, string lifecycle, HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var phase = Lifecycle(lifecycle);
        var list = CfListQuery.Parse(request.Query, SpaceViewFilters, []);
        var views = await store.ReadAsync(async session =>
        {
            if (!caller.CanRead(space) || await session.GetAsync(Kinds.Project, space, cancellationToken) is null)
            {
                throw CfErrors.NotFound("Space not found");
            }

            var bindings = await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken);
            var applied = bindings.Where(b => b.Phase == phase && (b.Scope == "global" || (b.Scope == "project" && b.TargetId == space))).Select(b => b.GroupId).ToHashSet();
            var result = new List<JsonObject>();
            foreach (var group in (await CfGroupsAsync(session, cancellationToken)).Where(g => applied.Contains(g.Id)))
            {
                result.Add(await ViewAsync(session, caller, request, group.Id, cancellationToken));
            }

            return result;
        }, cancellationToken);
        IEnumerable<JsonObject> filtered = views;
        filtered = Filter(filtered, request.Query["guids"], v => [(string)v["guid"]!]);
        filtered = Filter(filtered, request.Query["names"], v => [(string)v["name"]!]);
        return Results.Json(PaginatedList(request, Sorted(filtered, list), list));
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request, IReadOnlySet<string> keys, CancellationToken cancellationToken)
    {
        var body = await StrictJson.ParseAsync(request.Body, cancellationToken) as JsonObject
            ?? throw CfErrors.Unprocessable("Request invalid: the body must be an object");
        var unknown = body.Select(p => p.Key).Where(k => !keys.Contains(k)).ToList();
        return unknown.Count == 0 ? body : throw CfErrors.Unprocessable($"Unknown field(s): '{string.Join("', '", unknown)}'");
    }

    private static string? Name(JsonObject body, bool required)
    {
        if (body["name"] is not { } node)
        {
            return required ? throw CfErrors.Unprocessable("Name can't be blank") : null;
        }

        var name = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : throw CfErrors.Unprocessable("Name must be a string");
        return name.Length > 250 ? throw CfErrors.Unprocessable("Name is too long (maximum is 250 characters)")
            // Create requires presence (Rails: not blank); update requires a length of at least 1.
            : name.Length == 0 && !required ? throw CfErrors.Unprocessable("Name is too short (minimum is 1 character)")
            : name.All(char.IsWhiteSpace) ? throw CfErrors.Unprocessable("Name can't be blank")
            : name;
    }

    private static (bool Running, bool Staging) GloballyEnabled(JsonNode? node, (bool Running, bool Staging) current)
    {
        if (node is null)
        {
            return current;
        }

        if (node is not JsonObject values)
        {
            throw CfErrors.Unprocessable("Globally enabled must be an object");
        }

        if (values.Any(p => p.Key is not ("running" or "staging")))
        {
            throw CfErrors.Unprocessable("Globally enabled only allows keys 'running' or 'staging'");
        }

        if (values.Any(p => p.Value?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)))
        {
            throw CfErrors.Unprocessable("Globally enabled values must be booleans");
        }

        return ((bool?)values["running"] ?? current.Running, (bool?)values["staging"] ?? current.Staging);
    }

    /// <summary>Each Palisade rule draft with the CF rule it comes from, as sent.</summary>
    private static List<(RuleDraft Draft, RuleAsGiven? AsGiven)> Rules(JsonNode rules)
    {
        var (errors, drafts) = CfRules.Check(rules);
        return errors.Count == 0
            ? [.. drafts.Select(d => (d.Draft, (RuleAsGiven?)new RuleAsGiven(d.Index, rules[d.Index]!)))]
            : throw CfErrors.Unprocessable(string.Join(", ", errors));
    }

    /// <summary>Core judges every converted rule (a refusal is CAPI's 422 naming the CF rule); identical ones (from two CF rules) are kept once.</summary>
    private static async Task ReplaceRulesAsync(IStoreSession session, Caller caller, GroupDocument group, List<(RuleDraft Draft, RuleAsGiven? AsGiven)> drafts, CancellationToken cancellationToken)
    {
        try
        {
            await RuleOperations.ReplaceAllAsync(session, caller, group, drafts, cancellationToken);
        }
        catch (ApiException refused) when (refused.Errors is { } errors)
        {
            throw CfErrors.Unprocessable($"Rules: {string.Join(", ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key} {m}")))}");
        }
    }

    private static List<string> Spaces(JsonNode? relationship)
    {
        if (relationship is null)
        {
            return [];
        }

        // Any other shape ("x", [], ["x"]) is CAPI's 422, not an indexer's exception.
        if (relationship is not JsonObject holder || holder["data"] is not JsonArray data || data.Any(d => d is not JsonObject item || item["guid"]?.GetValueKind() != JsonValueKind.String))
        {
            throw CfErrors.Unprocessable("Data must be an array of objects with a guid");
        }

        return [.. data.Select(d => (string)d!["guid"]!)];
    }

    private static async Task<IEnumerable<string>> MissingSpacesAsync(IStoreSession session, Caller caller, IEnumerable<string> spaces, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var space in spaces.Distinct())
        {
            if (!caller.CanRead(space) || await session.GetAsync(Kinds.Project, space, cancellationToken) is null)
            {
                missing.Add(space);
            }
        }

        return missing;
    }

    /// <summary>ASGs are the platform-owned groups (no project), whichever API made them.</summary>
    private static async Task<List<GroupDocument>> CfGroupsAsync(IStoreSession session, CancellationToken cancellationToken) =>
        [.. (await session.AllGroupRowsAsync(null, cancellationToken)).Where(g => g.ProjectId is null).Select(g => SecurityGroupRows.ToDocument(g, []))];

    private static async Task<(bool Running, bool Staging)> GlobalAsync(IStoreSession session, string guid, CancellationToken cancellationToken)
    {
        var bindings = (await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken)).Where(b => b.GroupId == guid && b.Scope == "global").ToList();
        return (bindings.Any(b => b.Phase == "running"), bindings.Any(b => b.Phase == "staging"));
    }

    private static async Task SetGlobalAsync(IStoreSession session, string guid, string phase, bool enabled, CancellationToken cancellationToken)
    {
        var existing = (await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken)).FirstOrDefault(b => b.GroupId == guid && b.Scope == "global" && b.Phase == phase);
        if (enabled && existing is null)
        {
            var binding = new BindingDocument(Guid.NewGuid().ToString(), guid, "global", null, phase, session.Revision);
            await session.PutAsync(Kinds.Binding, binding.Id, null, binding, cancellationToken);
            await PortGroupOperations.EnsureBindingKeepsPortsConsistentAsync(session, binding, cancellationToken);
        }
        else if (!enabled && existing is not null)
        {
            await session.DeleteAsync(Kinds.Binding, existing.Id, cancellationToken);
        }
    }

    /// <summary>Binding is idempotent, as in CAPI.</summary>
    private static async Task BindSpaceAsync(IStoreSession session, string guid, string space, string phase, CancellationToken cancellationToken)
    {
        var bindings = await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken);
        if (!bindings.Any(b => b.GroupId == guid && b.Scope == "project" && b.TargetId == space && b.Phase == phase))
        {
            var binding = new BindingDocument(Guid.NewGuid().ToString(), guid, "project", space, phase, session.Revision);
            await session.PutAsync(Kinds.Binding, binding.Id, null, binding, cancellationToken);
            await PortGroupOperations.EnsureBindingKeepsPortsConsistentAsync(session, binding, cancellationToken);
        }
    }

    /// <summary>Admins see every ASG; space roles see globally enabled ones and those bound to a space they can read.</summary>
    private static async Task<bool> VisibleAsync(IStoreSession session, Caller caller, string guid, CancellationToken cancellationToken) =>
        caller.IsPlatformAdmin || (await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken))
            .Any(b => b.GroupId == guid && (b.Scope == "global" || (b.Scope == "project" && caller.Roles.ContainsKey(b.TargetId!))));

    private static async Task<GroupDocument> RequireVisibleAsync(IStoreSession session, Caller caller, string guid, CancellationToken cancellationToken)
    {
        var group = await session.GroupWithoutRulesAsync(guid, cancellationToken);
        return group is { ProjectId: null } && await VisibleAsync(session, caller, guid, cancellationToken) ? group : throw CfErrors.NotFound("Security group not found");
    }

    private static async Task<JsonArray> SpaceDataAsync(IStoreSession session, Caller caller, string guid, string phase, CancellationToken cancellationToken) =>
        new([.. (await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken))
            .Where(b => b.GroupId == guid && b.Scope == "project" && b.Phase == phase && caller.CanRead(b.TargetId))
            .OrderBy(b => b.TargetId, StringComparer.Ordinal)
            .Select(b => (JsonNode)new JsonObject { ["guid"] = b.TargetId })]);

    private static async Task<JsonObject> ViewAsync(IStoreSession session, Caller caller, HttpRequest request, string guid, CancellationToken cancellationToken)
    {
        var group = await RequireVisibleAsync(session, caller, guid, cancellationToken);
        var stored = (await session.GroupAsync(guid, cancellationToken))!;
        var rules = CfRuleView.Rules(await session.RulesOfGroupsAsync([guid], cancellationToken));
        var (running, staging) = await GlobalAsync(session, guid, cancellationToken);
        return new JsonObject
        {
            ["guid"] = guid,
            ["created_at"] = Timestamp(stored.CreatedAt),
            ["updated_at"] = Timestamp(stored.UpdatedAt),
            ["name"] = group.Name,
            ["globally_enabled"] = new JsonObject { ["running"] = running, ["staging"] = staging },
            ["rules"] = rules,
            ["relationships"] = new JsonObject
            {
                ["running_spaces"] = new JsonObject { ["data"] = await SpaceDataAsync(session, caller, guid, "running", cancellationToken) },
                ["staging_spaces"] = new JsonObject { ["data"] = await SpaceDataAsync(session, caller, guid, "staging", cancellationToken) },
            },
            ["links"] = new JsonObject { ["self"] = new JsonObject { ["href"] = Href(request, $"/v3/security_groups/{guid}") } },
        };
    }

    private static IEnumerable<JsonObject> Filter(IEnumerable<JsonObject> views, Microsoft.Extensions.Primitives.StringValues values, Func<JsonObject, IEnumerable<string>> field)
    {
        if (values.Count == 0)
        {
            return views;
        }

        var wanted = values.SelectMany(v => (v ?? "").Split(',')).ToHashSet(StringComparer.Ordinal);
        return views.Where(v => field(v).Any(wanted.Contains));
    }

    private static List<JsonObject> Sorted(IEnumerable<JsonObject> views, CfListQuery list)
    {
        var ordered = list.Descending
            ? views.OrderByDescending(v => (string)v[list.OrderBy]!, StringComparer.Ordinal)
            : views.OrderBy(v => (string)v[list.OrderBy]!, StringComparer.Ordinal);
        return [.. ordered.ThenBy(v => (string)v["guid"]!, StringComparer.Ordinal)];
    }

    private static JsonObject PaginatedList(HttpRequest request, List<JsonObject> items, CfListQuery list)
    {
        var (page, perPage) = (list.Page, list.PerPage);
        var pages = Math.Max(1, (items.Count + perPage - 1) / perPage);
        JsonObject Link(int number) => new() { ["href"] = Href(request, $"{request.Path}?page={number}&per_page={perPage}") };
        return new JsonObject
        {
            ["pagination"] = new JsonObject
            {
                ["total_results"] = items.Count,
                ["total_pages"] = pages,
                ["first"] = Link(1),
                ["last"] = Link(pages),
                ["next"] = page < pages ? Link(page + 1) : null,
                ["previous"] = page > 1 ? Link(page - 1) : null,
            },
            ["resources"] = new JsonArray([.. items.Skip((int)Math.Min(int.MaxValue, (page - 1L) * perPage)).Take(perPage).Select(i => (JsonNode)i)]),
        };
    }

    private static string Lifecycle(string lifecycle) =>
        lifecycle is "running" or "staging" ? lifecycle : throw CfErrors.UnknownRequest();

    private static string Href(HttpRequest request, string path) => $"{request.Scheme}://{request.Host}{path}";

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
