using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

/// <summary>Who may do what where: platform admin, or admin / member / reader of a project. Platform admins bind roles.</summary>
public static class RoleBindingsApi
{
    public static IEndpointRouteBuilder MapRoleBindingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/role-bindings").WithTags("Identity");
        api.MapPost("/", CreateAsync).WithName("CreateRoleBinding");
        api.MapGet("/", ListAsync).WithName("ListRoleBindings");
        api.MapDelete("/{id}", DeleteAsync).WithName("DeleteRoleBinding");
        return app;
    }

    internal static async Task<Created<RoleBindingDocument>> CreateAsync(RoleBindingCreate request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        var role = request.Role?.ToLowerInvariant();
        if (string.IsNullOrEmpty(request.PrincipalId))
        {
            throw ApiException.Invalid("principal_id", "is required.");
        }

        if (BuiltInPrincipal.Is(request.PrincipalId))
        {
            throw ApiException.Invalid("principal_id", "admin is the built-in platform admin, which has every role already.");
        }

        if (role is not ("admin" or "member" or "reader"))
        {
            throw ApiException.Invalid("role", $"'{request.Role}' is not one of admin, member, reader.");
        }

        if (request.ProjectId is null && role != "admin")
        {
            throw ApiException.Invalid("project_id", $"is required for role {role}; only admin may be bound platform-wide.");
        }

        var binding = await store.WriteAsync(async session =>
        {
            await session.RequirePrincipalAsync(request.PrincipalId, cancellationToken);
            if (request.ProjectId is not null)
            {
                await session.RequireAsync<ProjectDocument>(Kinds.Project, request.ProjectId, "project", cancellationToken);
            }

            var existing = await session.RoleBindingsOfAsync(request.PrincipalId, cancellationToken);
            if (existing.FirstOrDefault(b => b.PrincipalId == request.PrincipalId && b.ProjectId == request.ProjectId && b.Role == role) is { } same)
            {
                throw ApiException.Conflict($"This role binding already exists: {same.Id}.");
            }

            var created = new RoleBindingDocument(Guid.NewGuid().ToString(), request.PrincipalId, role, request.ProjectId, session.Revision);
            await session.AddRoleBindingAsync(created.ToRow(), cancellationToken);
            return created;
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/role-bindings/{binding.Id}", binding);
    }

    internal static async Task<Ok<List<RoleBindingDocument>>> ListAsync(
        [FromQuery(Name = "principal_id")] string? principalId,
        [FromQuery(Name = "project_id")] string? projectId,
        int? limit,
        string? cursor,
        HttpContext context,
        Caller caller,
        IPalisadeStore store,
        CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        var bindings = await store.ReadAsync(s => s.RoleBindingsAsync(projectId, cancellationToken), cancellationToken);
        return TypedResults.Ok(bindings.Select(b => b.ToDocument()).Where(b => principalId is null || b.PrincipalId == principalId).Page(b => b.Id, limit, cursor, context));
    }

    internal static async Task<NoContent> DeleteAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        await store.WriteAsync(async session => await session.DeleteRoleBindingAsync(id, cancellationToken) is not null ? true : throw ApiException.NotFound("role binding", id), cancellationToken);
        return TypedResults.NoContent();
    }
}
