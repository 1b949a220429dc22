using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

/// <summary>Principals (users and service accounts), made and removed by platform admins; <c>whoami</c> for everyone.</summary>
public static class PrincipalsApi
{
    public static IEndpointRouteBuilder MapPrincipalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/principals").WithTags("Identity");
        api.MapPost("/", CreateAsync).WithName("CreatePrincipal");
        api.MapGet("/", ListAsync).WithName("ListPrincipals");
        api.MapGet("/{id}", GetAsync).WithName("GetPrincipal");
        api.MapDelete("/{id}", DeleteAsync).WithName("DeletePrincipal").WithSummary("Delete a principal with its tokens and role bindings")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/v1/whoami", WhoAmI).WithTags("Identity").WithName("WhoAmI").WithSummary("The caller's principal and roles");
        return app;
    }

    internal static Ok<WhoAmIDocument> WhoAmI(Caller caller) =>
        TypedResults.Ok(new WhoAmIDocument(caller.Principal, caller.IsPlatformAdmin, caller.Roles.ToDictionary(r => r.Key, r => r.Value.ToString().ToLowerInvariant())));

    internal static async Task<Created<PrincipalDocument>> CreateAsync(PrincipalCreate request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 255 || name == "admin")
        {
            throw ApiException.Invalid("name", "is required, at most 255 characters, and not 'admin' (the platform admin token's name).");
        }

        var principal = await store.WriteAsync(async session =>
        {
            var existing = await session.PrincipalsAsync(cancellationToken);
            if (existing.FirstOrDefault(p => p.Name == name) is { } same)
            {
                throw ApiException.Conflict($"A principal named '{name}' already exists: {same.Id}.");
            }

            var created = new PrincipalDocument(Guid.NewGuid().ToString(), name, session.Revision);
            await session.AddPrincipalAsync(created.ToRow(), cancellationToken);
            return created;
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/principals/{principal.Id}", principal);
    }

    internal static async Task<Ok<List<PrincipalDocument>>> ListAsync(int? limit, string? cursor, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        var principals = await store.ReadAsync(s => s.PrincipalsAsync(cancellationToken), cancellationToken);
        return TypedResults.Ok(principals.Select(p => p.ToDocument()).Prepend(BuiltInPrincipal.Admin).Page(p => p.Id, limit, cursor, context, ("name", p => p.Name)));
    }

    internal static async Task<Ok<PrincipalDocument>> GetAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        return TypedResults.Ok(await store.ReadAsync(s => BuiltInPrincipal.RequireAsync(s, id, cancellationToken), cancellationToken));
    }

    internal static async Task<NoContent> DeleteAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        if (BuiltInPrincipal.Is(id))
        {
            throw ApiException.Conflict("The built-in admin principal is the platform admin token's and cannot be deleted; revoke its tokens instead.");
        }

        await store.WriteAsync(async session =>
        {
            await session.RequirePrincipalAsync(id, cancellationToken);
            foreach (var token in await session.TokensAsync(id, cancellationToken))
            {
                await TokensApi.RevokeAsync(session, token.Id, cancellationToken);
            }

            foreach (var binding in await session.RoleBindingsOfAsync(id, cancellationToken))
            {
                await session.DeleteRoleBindingAsync(binding.Id, cancellationToken);
            }

            // Its API keys go with it (foreign key); they were never audited, as they hold the signing secret.
            return await session.DeletePrincipalAsync(id, cancellationToken) is not null;
        }, cancellationToken);
        return TypedResults.NoContent();
    }
}
