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

        var project = await store.WriteAsync(async session =>
        {
            var created = new ProjectDocument(Guid.NewGuid().ToString(), request.Name, managedBy, session.Revision);
            await session.PutAsync(Kinds.Project, created.Id, created.Id, created, cancellationToken);
            var defaultGroup = await DefaultGroupAsync(session, created.Id, cancellationToken);
            await session.PutGroupWithRulesAsync(defaultGroup, cancellationToken);
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

            foreach (var kind in new[] { Kinds.Subnet, Kinds.Network, Kinds.Binding, Kinds.Quota, Kinds.AddressGroup })
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

    /// <summary>The group every project starts with (design.md §1): the default rule templates' rules, by default all egress and ingress from its own members.</summary>
    private static async Task<GroupDocument> DefaultGroupAsync(IStoreSession session, string projectId, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString();
        var rules = await DefaultRuleTemplates.RulesForAsync(session, id, defaultGroup: true, cancellationToken);
        return new GroupDocument(id, projectId, SecurityGroup.DefaultName, "Default security group", "enabled", true, rules, session.Revision);
    }
}
