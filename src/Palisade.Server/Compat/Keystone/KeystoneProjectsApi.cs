using System.Text.Json.Nodes;
using Palisade.Server.Apis;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Compat.Keystone;

/// <summary>
/// Projects and the one domain, read-only, as the <c>openstack</c> CLI looks them up to turn
/// <c>--project NAME --project-domain Default</c> into an id: first <c>GET …/{name}</c>, then a list
/// filtered by <c>name</c> and <c>domain_id</c>. A caller sees the projects it has a role in (a
/// platform admin all of them), so a member can name its own project, which Keystone's default
/// policy would refuse it. A platform admin also creates and deletes projects, as Keystone's
/// <c>POST /v3/projects</c> and <c>DELETE /v3/projects/{id}</c> (identity API v3, "Projects"), which
/// tempest's admin tests call to make a project to set quotas on; both are the native API's project
/// create and delete, with its checks.
/// </summary>
internal static class KeystoneProjectsApi
{
    public static RouteGroupBuilder MapKeystoneProjects(this RouteGroupBuilder v3)
    {
        v3.MapGet("/projects", ListProjectsAsync);
        v3.MapGet("/projects/{id}", GetProjectAsync);
        v3.MapPost("/projects", CreateProjectAsync);
        v3.MapDelete("/projects/{id}", DeleteProjectAsync);
        v3.MapGet("/domains", (Func<HttpContext, Task<IResult>>)ListDomainsAsync); // a Delegate, so the result is written
        v3.MapGet("/domains/{id}", GetDomainAsync);
        return v3;
    }

    private static async Task<IResult> ListProjectsAsync(HttpContext context, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var caller = await KeystoneApi.AuthenticateAsync(context);
        var name = NameFilter(context.Request);
        var inDomain = context.Request.Query["domain_id"] is not { Count: > 0 } domain || domain.ToString() == KeystoneApi.DomainId;
        var projects = await store.ReadAsync(s => s.ListAsync<ProjectDocument>(Kinds.Project, null, cancellationToken), cancellationToken);
        var visible = projects.Where(p => inDomain && caller.CanRead(p.Id) && (name is null || p.Name == name)).OrderBy(p => p.Id, StringComparer.Ordinal);
        return Results.Json(new JsonObject
        {
            ["projects"] = new JsonArray([.. visible.Select(p => Project(context.Request, p))]),
            ["links"] = Links(context.Request),
        });
    }

    private static async Task<IResult> GetProjectAsync(string id, HttpContext context, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var caller = await KeystoneApi.AuthenticateAsync(context);
        var project = await store.ReadAsync(s => s.GetAsync<ProjectDocument>(Kinds.Project, id, cancellationToken), cancellationToken);
        return project is not null && caller.CanRead(project.Id)
            ? Results.Json(new JsonObject { ["project"] = Project(context.Request, project) })
            : throw KeystoneErrors.NotFound("project", id);
    }

    private static async Task<IResult> CreateProjectAsync(HttpContext context, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var caller = await KeystoneApi.AuthenticateAsync(context);
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
        if (body is not JsonObject { } root || root["project"] is not JsonObject request)
        {
            throw KeystoneErrors.BadRequest("project", "'project' is a required property");
        }

        if (request["domain_id"] is JsonValue domain && (domain.TryGetValue<string>(out var domainId) ? domainId : null) != KeystoneApi.DomainId)
        {
            throw KeystoneErrors.NotFound("domain", domain.ToJsonString());
        }

        var name = request["name"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var created = await ProjectsApi.CreateAsync(new ProjectCreate(name), caller, store, cancellationToken);
        return Results.Json(new JsonObject { ["project"] = Project(context.Request, created.Value!) }, statusCode: 201);
    }

    private static async Task<IResult> DeleteProjectAsync(string id, HttpContext context, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var caller = await KeystoneApi.AuthenticateAsync(context);
        var project = await store.ReadAsync(s => s.GetAsync<ProjectDocument>(Kinds.Project, id, cancellationToken), cancellationToken);
        if (project is null || !caller.CanRead(project.Id))
        {
            throw KeystoneErrors.NotFound("project", id);
        }

        await ProjectsApi.DeleteAsync(id, caller, store, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> ListDomainsAsync(HttpContext context)
    {
        await KeystoneApi.AuthenticateAsync(context);
        var name = NameFilter(context.Request);
        var domains = name is null || name == KeystoneApi.DomainName ? new JsonArray(Domain(context.Request)) : [];
        return Results.Json(new JsonObject { ["domains"] = domains, ["links"] = Links(context.Request) });
    }

    private static async Task<IResult> GetDomainAsync(string id, HttpContext context)
    {
        await KeystoneApi.AuthenticateAsync(context);
        return id == KeystoneApi.DomainId
            ? Results.Json(new JsonObject { ["domain"] = Domain(context.Request) })
            : throw KeystoneErrors.NotFound("domain", id);
    }

    /// <summary>A project as Keystone shows it; also the <c>project</c> of a scoped token.</summary>
    public static JsonObject Project(HttpRequest request, ProjectDocument project) => new()
    {
        ["id"] = project.Id,
        ["name"] = project.Name,
        ["domain_id"] = KeystoneApi.DomainId,
        ["description"] = "",
        ["enabled"] = true,
        ["parent_id"] = KeystoneApi.DomainId,
        ["is_domain"] = false,
        ["tags"] = new JsonArray(),
        ["options"] = new JsonObject(),
        ["links"] = new JsonObject { ["self"] = $"{KeystoneApi.BaseUrl(request)}/identity/v3/projects/{project.Id}" },
    };

    private static JsonObject Domain(HttpRequest request) => new()
    {
        ["id"] = KeystoneApi.DomainId,
        ["name"] = KeystoneApi.DomainName,
        ["description"] = "Palisade's only domain.",
        ["enabled"] = true,
        ["tags"] = new JsonArray(),
        ["options"] = new JsonObject(),
        ["links"] = new JsonObject { ["self"] = $"{KeystoneApi.BaseUrl(request)}/identity/v3/domains/{KeystoneApi.DomainId}" },
    };

    /// <summary>The <c>name</c> filter, read here rather than bound so a repeated one is no binding error outside Keystone's error body.</summary>
    private static string? NameFilter(HttpRequest request) => request.Query["name"] is { Count: > 0 } name ? name.ToString() : null;

    private static JsonObject Links(HttpRequest request) => new()
    {
        ["self"] = $"{KeystoneApi.BaseUrl(request)}{request.Path}{request.QueryString}",
        ["previous"] = null,
        ["next"] = null,
    };
}
