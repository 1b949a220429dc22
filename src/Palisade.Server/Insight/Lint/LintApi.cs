using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Analysis;
using Palisade.Server.Auth;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Insight.Lint;

/// <summary><c>GET /api/v1/lint?project_id=…</c>: what is wrong or useless in a project's groups, rules and bindings (docs/lint.md).</summary>
public static class LintApi
{
    public static IEndpointRouteBuilder MapLintApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/lint", LintAsync)
            .WithTags("Insight")
            .WithName("Lint")
            .WithSummary("Findings about a project's groups, rules and bindings, each with a stable code (docs/lint.md)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Ok<LintResponse>> LintAsync(
        [FromQuery(Name = "project_id")] string? projectId,
        Caller caller,
        IPalisadeStore store,
        SnapshotCache snapshots,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(projectId))
        {
            throw ApiException.Invalid("project_id", "is required: the project to lint.");
        }

        caller.EnsureReadable(projectId, "project", projectId);
        var index = await snapshots.GetCurrentIndexAsync(store, cancellationToken);
        var snapshot = index.Snapshot;
        if (!snapshot.Projects.Any(p => p.Id == projectId))
        {
            throw ApiException.NotFound("project", projectId);
        }

        var findings = PolicyLinter.Lint(index, projectId).Select(ToDocument).ToList();
        return TypedResults.Ok(new LintResponse(
            projectId,
            snapshot.Revision,
            findings.Count(f => f.Severity == "error"),
            findings.Count(f => f.Severity == "warning"),
            findings.Count(f => f.Severity == "info"),
            findings));
    }

    private static LintFindingDocument ToDocument(LintFinding finding) => new(
        finding.Code.Id,
        finding.Code.Name,
        finding.Severity.ToString().ToLowerInvariant(),
        finding.Message,
        finding.Fix,
        finding.RuleIds,
        finding.GroupIds,
        finding.PortIds);
}
