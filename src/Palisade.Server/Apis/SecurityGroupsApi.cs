using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Validation;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Server.Operations;
using Palisade.Store;

namespace Palisade.Server.Apis;

public static class SecurityGroupsApi
{
    public static IEndpointRouteBuilder MapSecurityGroupsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/security-groups").WithTags("Security groups");
        api.MapPost("/", CreateAsync).WithName("CreateSecurityGroup");
        api.MapGet("/", ListAsync).WithName("ListSecurityGroups");
        api.MapGet("/{id}", GetAsync).WithName("GetSecurityGroup");
        api.MapPatch("/{id}", UpdateAsync).WithName("UpdateSecurityGroup");
        api.MapDelete("/{id}", DeleteAsync).WithName("DeleteSecurityGroup");
        return app;
    }

    internal static async Task<Created<GroupDocument>> CreateAsync(GroupCreate request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var group = await store.WriteAsync(
            session => SecurityGroupOperations.CreateAsync(session, caller, request.ProjectId, new GroupDraft(request.Name, request.Description, request.Status), request.Stateful ?? true, withTemplateRules: true, cancellationToken),
            cancellationToken);
        return TypedResults.Created($"/api/v1/security-groups/{group.Id}", group);
    }

    internal static async Task<Ok<List<GroupDocument>>> ListAsync([FromQuery(Name = "project_id")] string? projectId, string? name, string? status, int? limit, string? cursor, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var groups = await store.ReadAsync(async s => await GroupVisibility.Of(s, caller).VisibleAsync(await s.ListAsync<GroupDocument>(Kinds.Group, projectId, cancellationToken), cancellationToken), cancellationToken);
        return TypedResults.Ok(groups
            .Where(g => name is null || g.Name == name)
            .Where(g => status is null || g.Status == status)
            .Page(g => g.Id, limit, cursor, context, ("name", g => g.Name), ("status", g => g.Status)));
    }

    internal static async Task<Ok<GroupDocument>> GetAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ReadAsync(s => caller.RequireGroupAsync(s, id, cancellationToken), cancellationToken));

    internal static async Task<Ok<GroupDocument>> UpdateAsync(string id, GroupUpdate request, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var updated = await store.WriteAsync(async session =>
        {
            var group = await caller.RequireGroupAsync(session, id, cancellationToken);
            Preconditions.CheckRevision(context, group.RevisionNumber);
            return await SecurityGroupOperations.UpdateAsync(session, caller, group, new GroupDraft(request.Name, request.Description, request.Status), request.Stateful, cancellationToken);
        }, cancellationToken);
        return TypedResults.Ok(updated);
    }

    internal static async Task<NoContent> DeleteAsync(string id, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        await store.WriteAsync(async session =>
        {
            var group = await caller.RequireGroupAsync(session, id, cancellationToken);
            Preconditions.CheckRevision(context, group.RevisionNumber);
            await SecurityGroupOperations.DeleteAsync(session, caller, group, cancellationToken);
            return true;
        }, cancellationToken);
        return TypedResults.NoContent();
    }
}
