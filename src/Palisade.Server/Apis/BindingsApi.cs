using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using System.Text.Json;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Server.Operations;
using Palisade.Store;

namespace Palisade.Server.Apis;

/// <summary>
/// Bindings wider than one port: an instance (every port of it, now and later), a project in a
/// phase, or the whole platform in a phase (Cloud Foundry's running and staging groups). Port
/// bindings live on the port (<c>PUT /api/v1/ports/{id}/security-groups</c>).
/// </summary>
public static class BindingsApi
{
    public static IEndpointRouteBuilder MapBindingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/bindings").WithTags("Bindings");
        api.MapPost("/", CreateAsync).WithName("CreateBinding")
            .WithDescription("scope instance, project or global. phase (project and global scopes): running or staging reaches the ports of that phase; "
                + "none (the default) reaches ports of every phase, running, staging and none. "
                + "A binding that would give a port both stateful and stateless groups is refused (409).");
        api.MapGet("/", ListAsync).WithName("ListBindings");
        api.MapDelete("/{id}", DeleteAsync).WithName("DeleteBinding");
        return app;
    }

    internal static async Task<Created<BindingDocument>> CreateAsync(BindingCreate request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var scope = request.Scope;
        var phase = (request.Phase ?? "none").ToLowerInvariant();
        if (string.IsNullOrEmpty(request.GroupId))
        {
            throw ApiException.Invalid("group_id", "is required.");
        }

        if (scope is not ("instance" or "project" or "global"))
        {
            throw ApiException.Invalid("scope", $"'{scope}' is not one of instance, project, global (bind a single port through the port).");
        }

        if (phase is not ("none" or "staging" or "running"))
        {
            throw ApiException.Invalid("phase", $"'{request.Phase}' is not one of none, staging, running.");
        }

        if (request.TargetId is { Length: > 255 })
        {
            throw ApiException.Invalid("target_id", "must be at most 255 characters.");
        }

        if ((scope == "global") != string.IsNullOrEmpty(request.TargetId))
        {
            throw ApiException.Invalid("target_id", scope == "global" ? "a global binding has no target." : $"is required: the {scope} id.");
        }

        var binding = await store.WriteAsync(async session =>
        {
            var group = await caller.RequireGroupAsync(session, request.GroupId, cancellationToken);
            if (scope == "project")
            {
                caller.EnsureReadable(request.TargetId, "project", request.TargetId!);
            }

            await EnsureMayBindAsync(caller, session, group, scope, cancellationToken);
            if (scope == "project" && group.ProjectId is not null && group.ProjectId != request.TargetId)
            {
                throw ApiException.Invalid("target_id", "a project's group can only be bound to its own project.");
            }

            if (scope == "project")
            {
                await session.RequireAsync<ProjectDocument>(Kinds.Project, request.TargetId!, "project", cancellationToken);
            }

            var existing = await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken);
            if (existing.FirstOrDefault(b => b.GroupId == group.Id && b.Scope == scope && b.TargetId == request.TargetId && b.Phase == phase) is { } same)
            {
                throw ApiException.Conflict($"This binding already exists: {same.Id}.");
            }

            var created = new BindingDocument(Guid.NewGuid().ToString(), group.Id, scope, request.TargetId, phase, session.Revision);
            await session.PutAsync(Kinds.Binding, created.Id, group.ProjectId, created, cancellationToken);
            await PortGroupOperations.EnsureBindingKeepsPortsConsistentAsync(session, created, cancellationToken);
            return created;
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/bindings/{binding.Id}", binding);
    }

    internal static async Task<Ok<List<BindingDocument>>> ListAsync(
        [FromQuery(Name = "group_id")] string? groupId,
        string? scope,
        [FromQuery(Name = "target_id")] string? targetId,
        string? phase,
        int? limit,
        string? cursor,
        HttpContext context,
        Caller caller,
        IPalisadeStore store,
        CancellationToken cancellationToken)
    {
        var visible = await store.ReadAsync(async s =>
        {
            var visibility = GroupVisibility.Of(s, caller);
            var bindings = new List<BindingDocument>();
            foreach (var stored in await s.ListAsync(Kinds.Binding, null, cancellationToken))
            {
                // A platform group's binding to another project or its instance is that project's business.
                var binding = JsonSerializer.Deserialize<BindingDocument>(stored.Body, JsonDefaults.Options)!;
                if (await visibility.CanSeeBindingAsync(binding, stored.ProjectId, cancellationToken))
                {
                    bindings.Add(binding);
                }
            }

            return bindings;
        }, cancellationToken);
        return TypedResults.Ok(visible
            .Where(b => groupId is null || b.GroupId == groupId)
            .Where(b => scope is null || b.Scope == scope)
            .Where(b => targetId is null || b.TargetId == targetId)
            .Where(b => phase is null || b.Phase == phase)
            .Page(b => b.Id, limit, cursor, context));
    }

    internal static async Task<NoContent> DeleteAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        await store.WriteAsync(async session =>
        {
            var binding = await session.RequireAsync<BindingDocument>(Kinds.Binding, id, "binding", cancellationToken);
            var group = await session.GroupWithoutRulesAsync(binding.GroupId, cancellationToken);
            if (group is not null)
            {
                if (!await GroupVisibility.Of(session, caller).CanSeeBindingAsync(binding, group.ProjectId, cancellationToken))
                {
                    throw ApiException.NotFound("binding", id);
                }

                await EnsureMayBindAsync(caller, session, group, binding.Scope, cancellationToken);
            }
            else
            {
                caller.EnsurePlatformAdmin();
            }

            return await session.DeleteAsync(Kinds.Binding, id, cancellationToken);
        }, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Binding a group changes what it allows where, so it needs the right to change the group; global bindings are the platform's.</summary>
    private static async Task EnsureMayBindAsync(Caller caller, IStoreSession session, GroupDocument group, string scope, CancellationToken cancellationToken)
    {
        if (scope == "global")
        {
            caller.EnsurePlatformAdmin();
        }

        await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
    }
}
