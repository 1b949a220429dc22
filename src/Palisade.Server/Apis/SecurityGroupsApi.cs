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

    /// <summary>
    /// Without <c>sort</c>, the page is read in SQL: group rows after the cursor, in id order, a batch
    /// at a time until the page is full of groups the caller sees, and only their rules. A sorted
    /// list still reads every visible group, as it must to sort them.
    /// </summary>
    internal static async Task<Ok<List<GroupDocument>>> ListAsync([FromQuery(Name = "project_id")] string? projectId, string? name, string? status, int? limit, string? cursor, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        bool Wanted(GroupDocument g) => (name is null || g.Name == name) && (status is null || g.Status == status);
        var sorted = context.Request.Query.ContainsKey("sort");
        var groups = await store.ReadAsync(
            async s =>
            {
                var visibility = GroupVisibility.Of(s, caller);
                if (sorted)
                {
                    return await visibility.VisibleAsync(await s.GroupsWithRulesAsync(projectId, cancellationToken), cancellationToken);
                }

                var wanted = Math.Clamp(limit ?? Paging.MaxLimit, 1, Paging.MaxLimit) + 1;
                var page = new List<SecurityGroupRow>();
                for (var after = cursor; page.Count < wanted;)
                {
                    var rows = await s.GroupsOfProjectAsync(projectId, after, wanted, cancellationToken);
                    foreach (var row in rows)
                    {
                        if (page.Count < wanted && Wanted(SecurityGroupRows.ToDocument(row, [])) && await visibility.CanSeeAsync(SecurityGroupRows.ToDocument(row, []), cancellationToken))
                        {
                            page.Add(row);
                        }
                    }

                    if (rows.Count < wanted)
                    {
                        break;
                    }

                    after = rows[^1].Id;
                }

                return await s.WithRulesAsync(page, everyGroup: false, cancellationToken);
            },
            cancellationToken);
        return TypedResults.Ok(groups
            .Where(Wanted)
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
