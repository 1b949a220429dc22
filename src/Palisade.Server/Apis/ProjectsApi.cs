using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Model;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Server.Operations;
using Palisade.Store;

namespace Palisade.Server.Apis;

public static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/projects").WithTags("Projects");
        api.MapPost("/", CreateAsync).WithName("CreateProject").WithSummary("Create a project with its default group");
        api.MapGet("/", ListAsync).WithName("ListProjects");
        api.MapGet("/{id}", GetAsync).WithName("GetProject");
        api.MapPatch("/{id}", UpdateAsync).WithName("UpdateProject").WithSummary("Change whose defaults the project's default group follows, laying that group anew");
        api.MapDelete("/{id}", DeleteAsync).WithName("DeleteProject").WithSummary("Delete a project that has no groups but its default one and no ports");
        return app;
    }

    internal static async Task<Created<ProjectDocument>> CreateAsync(ProjectCreate request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 255)
        {
            throw ApiException.Invalid("name", "is required, at most 255 characters.");
        }

        var managedBy = request.GroupsManagedBy ?? "project";
        if (managedBy is not ("project" or "platform"))
        {
            throw ApiException.Invalid("groups_managed_by", $"'{managedBy}' is not one of 'project' or 'platform'.");
        }

        var defaults = CheckDefaultRules(request.DefaultRules ?? PlatformDefaults.Neutron);
        var project = await store.WriteAsync(async session =>
        {
            var created = new ProjectDocument(Guid.NewGuid().ToString(), request.Name, managedBy, session.Revision, defaults);
            await session.PutAsync(Kinds.Project, created.Id, created.Id, created, cancellationToken);
            await PlatformDefaults.CreateDefaultGroupAsync(session, created.Id, defaults, cancellationToken);
            return created;
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/projects/{project.Id}", project);
    }

    internal static async Task<Ok<List<ProjectDocument>>> ListAsync(string? name, int? limit, string? cursor, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var projects = await store.ReadAsync(s => s.ListAsync<ProjectDocument>(Kinds.Project, null, cancellationToken), cancellationToken);
        return TypedResults.Ok(projects.Where(p => caller.CanRead(p.Id) && (name is null || p.Name == name)).Page(p => p.Id, limit, cursor, context, ("name", p => p.Name)));
    }

    internal static async Task<Ok<ProjectDocument>> GetAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsureReadable(id, "project", id);
        return TypedResults.Ok(await store.ReadAsync(s => s.RequireAsync<ProjectDocument>(Kinds.Project, id, "project", cancellationToken), cancellationToken));
    }

    /// <summary>
    /// Platform admins only. A new <c>default_rules</c> lays the default group anew with that
    /// platform's defaults (docs/compatibility/platform-defaults.md); the same value changes nothing.
    /// </summary>
    internal static async Task<Ok<ProjectDocument>> UpdateAsync(string id, ProjectUpdate request, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsureReadable(id, "project", id);
        caller.EnsurePlatformAdmin();
        var defaults = request.DefaultRules is null ? null : CheckDefaultRules(request.DefaultRules);
        var updated = await store.WriteAsync(async session =>
        {
            var project = await session.RequireAsync<ProjectDocument>(Kinds.Project, id, "project", cancellationToken);
            Preconditions.CheckRevision(context, project.RevisionNumber);
            if (defaults is null || defaults == project.DefaultRules)
            {
                return project;
            }

            var next = project with { DefaultRules = defaults, RevisionNumber = session.Revision };
            await session.PutAsync(Kinds.Project, id, id, next, cancellationToken);
            await PlatformDefaults.ResetDefaultGroupAsync(session, id, defaults, cancellationToken);
            return next;
        }, cancellationToken);
        return TypedResults.Ok(updated);
    }

    internal static async Task<NoContent> DeleteAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsureReadable(id, "project", id);
        caller.EnsurePlatformAdmin();
        await store.WriteAsync(async session =>
        {
            await session.RequireAsync<ProjectDocument>(Kinds.Project, id, "project", cancellationToken);
            var groups = await session.AllGroupRowsAsync(id, cancellationToken);
            var ports = await session.ListAsync<PortDocument>(Kinds.Port, id, cancellationToken);
            var blocking = groups.Where(g => g.Name != SecurityGroup.DefaultName).Select(g => $"group {g.Id}").Concat(ports.Select(p => $"port {p.Id}")).ToList();
            if (blocking.Count > 0)
            {
                throw ApiException.Conflict($"Project {id} still has {string.Join(", ", blocking)}; delete them first.");
            }

            foreach (var group in groups)
            {
                await session.DeleteGroupAsync(group.Id, cancellationToken);
            }

            foreach (var binding in await session.RoleBindingsAsync(id, cancellationToken))
            {
                await session.DeleteRoleBindingAsync(binding.Id, cancellationToken);
            }

            foreach (var kind in new[] { Kinds.Subnet, Kinds.Network, Kinds.Binding, Kinds.Quota, Kinds.AddressGroup, Kinds.CsImplicitEgress })
            {
                foreach (var resource in await session.ListAsync(kind, id, cancellationToken))
                {
                    await session.DeleteAsync(kind, resource.Id, cancellationToken);
                }
            }

            return await session.DeleteAsync(Kinds.Project, id, cancellationToken);
        }, cancellationToken);
        return TypedResults.NoContent();
    }

    private static string CheckDefaultRules(string value) =>
        PlatformDefaults.All.Contains(value)
            ? value
            : throw ApiException.Invalid("default_rules", $"'{value}' is not one of {string.Join(", ", PlatformDefaults.All.Select(v => $"'{v}'"))}.");
}
