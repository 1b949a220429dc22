using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Validation;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

/// <summary>Per-project limits: defaults for everyone, overridden by platform admins. A limit below current use keeps what exists and refuses more.</summary>
public static class QuotasApi
{
    public static IEndpointRouteBuilder MapQuotasApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/quotas").WithTags("Quotas");
        api.MapGet("/{projectId}", GetAsync).WithName("GetQuota");
        api.MapPut("/{projectId}", UpdateAsync).WithName("UpdateQuota").WithSummary("Override a project's limits (admin); -1 is unlimited");
        return app;
    }

    internal static async Task<Ok<QuotaDocument>> GetAsync(string projectId, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsureReadable(projectId, "project", projectId);
        return TypedResults.Ok(await store.ReadAsync(async session =>
        {
            await session.RequireAsync<ProjectDocument>(Kinds.Project, projectId, "project", cancellationToken);
            return await Quotas.ReadAsync(session, projectId, cancellationToken);
        }, cancellationToken));
    }

    internal static async Task<Ok<QuotaDocument>> UpdateAsync(string projectId, QuotaUpdate request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsureReadable(projectId, "project", projectId);
        caller.EnsurePlatformAdmin();
        var errors = new List<ValidationError>();
        Check(request.SecurityGroups, "security_groups", errors);
        Check(request.RulesPerGroup, "rules_per_group", errors);
        Check(request.GroupsPerPort, "groups_per_port", errors);
        Check(request.SecurityGroupRules, "security_group_rules", errors);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }

        return TypedResults.Ok(await store.WriteAsync(async session =>
        {
            await session.RequireAsync<ProjectDocument>(Kinds.Project, projectId, "project", cancellationToken);
            var current = await Quotas.ReadAsync(session, projectId, cancellationToken);
            var next = new QuotaDocument(projectId, request.SecurityGroups ?? current.SecurityGroups, request.RulesPerGroup ?? current.RulesPerGroup,
                request.GroupsPerPort ?? current.GroupsPerPort, session.Revision, request.SecurityGroupRules ?? current.SecurityGroupRules);
            await session.PutAsync(Kinds.Quota, projectId, projectId, next, cancellationToken);
            return next;
        }, cancellationToken));
    }

    private static void Check(int? value, string field, List<ValidationError> errors)
    {
        if (value is < -1)
        {
            errors.Add(new(field, $"{value} is not a limit: use 0 or more, or -1 for unlimited."));
        }
    }
}
