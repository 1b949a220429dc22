using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Model;
using Palisade.Core.Validation;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
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
        var errors = GroupValidator.Validate(new GroupDraft(request.Name, request.Description, request.Status));
        if (string.IsNullOrEmpty(request.ProjectId))
        {
            errors = errors.Add(new("project_id", "is required."));
        }

        if (!errors.IsEmpty)
        {
            throw ApiException.Invalid(errors);
        }

        var group = await store.WriteAsync(async session =>
        {
            caller.EnsureReadable(request.ProjectId, "project", request.ProjectId!);
            var project = await session.RequireAsync<ProjectDocument>(Kinds.Project, request.ProjectId!, "project", cancellationToken);
            caller.EnsureGroupWrite(project, "project", project.Id);
            var count = (await session.ListAsync(Kinds.Group, project.Id, cancellationToken)).Count;
            await Quotas.EnsureAsync(session, project.Id, q => q.SecurityGroups, "security_groups", count + 1, cancellationToken);
            var id = Guid.NewGuid().ToString();

            // Like Neutron, a new group allows all egress until its rules say otherwise; ingress stays denied.
            RuleDocument Egress(string ethertype) => new(Guid.NewGuid().ToString(), id, "egress", ethertype, null, null, null, null, null, null, "", false, session.Revision);
            var created = new GroupDocument(id, request.ProjectId, request.Name!.Trim(), request.Description ?? "", (request.Status ?? "enabled").ToLowerInvariant(),
                request.Stateful ?? true, [Egress("IPv4"), Egress("IPv6")], session.Revision);
            await session.PutAsync(Kinds.Group, id, created.ProjectId, created, cancellationToken);
            return created;
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/security-groups/{group.Id}", group);
    }

    internal static async Task<Ok<List<GroupDocument>>> ListAsync([FromQuery(Name = "project_id")] string? projectId, string? name, string? status, int? limit, string? cursor, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var groups = await store.ReadAsync(s => s.ListAsync<GroupDocument>(Kinds.Group, projectId, cancellationToken), cancellationToken);
        return TypedResults.Ok(groups
            .Where(g => caller.CanRead(g.ProjectId))
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
            await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
            Preconditions.CheckRevision(context, group.RevisionNumber);
            var isDefault = group.Name == SecurityGroup.DefaultName;
            var errors = GroupValidator.Validate(new GroupDraft(request.Name ?? group.Name, request.Description, request.Status), isDefault);
            if (!errors.IsEmpty)
            {
                throw ApiException.Invalid(errors);
            }

            var next = group with
            {
                Name = request.Name?.Trim() ?? group.Name,
                Description = request.Description ?? group.Description,
                Status = request.Status?.ToLowerInvariant() ?? group.Status,
                Stateful = request.Stateful ?? group.Stateful,
                RevisionNumber = session.Revision,
            };
            await session.PutAsync(Kinds.Group, id, group.ProjectId, next, cancellationToken);
            return next;
        }, cancellationToken);
        return TypedResults.Ok(updated);
    }

    internal static async Task<NoContent> DeleteAsync(string id, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        await store.WriteAsync(async session =>
        {
            var group = await caller.RequireGroupAsync(session, id, cancellationToken);
            await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
            Preconditions.CheckRevision(context, group.RevisionNumber);
            if (group.Name == SecurityGroup.DefaultName)
            {
                throw ApiException.Conflict($"Security group {id} is its project's default group and cannot be deleted; edit its rules instead.");
            }

            var boundTo = (await session.ListAsync<PortDocument>(Kinds.Port, null, cancellationToken)).Where(p => p.SecurityGroups.Contains(id)).Select(p => p.Id).ToList();
            if (boundTo.Count > 0)
            {
                throw ApiException.Conflict($"Security group {id} is in use: bound to port {string.Join(", port ", boundTo)}.");
            }

            var bindings = (await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken)).Where(b => b.GroupId == id).ToList();
            if (bindings.Count > 0)
            {
                throw ApiException.Conflict($"Security group {id} is in use: {string.Join(", ", bindings.Select(b => b.Scope == "global" ? $"bound globally ({b.Phase})" : $"bound to {b.Scope} {b.TargetId} ({b.Phase})"))}.");
            }

            var referencedBy = (await session.ListAsync<GroupDocument>(Kinds.Group, null, cancellationToken))
                .Where(g => g.Id != id && g.Rules.Any(r => r.RemoteGroupId == id))
                .Select(g => g.Id)
                .ToList();
            if (referencedBy.Count > 0)
            {
                throw ApiException.Conflict($"Security group {id} is the remote group of rules in group {string.Join(", group ", referencedBy)}; delete those rules first.");
            }

            return await session.DeleteAsync(Kinds.Group, id, cancellationToken);
        }, cancellationToken);
        return TypedResults.NoContent();
    }
}
