namespace Palisade.Cli.Models;

/// <summary>GET /api/v1/lint: a project's findings (docs/lint.md) and their count by severity.</summary>
internal sealed record LintReport(string ProjectId, long Revision, int Errors, int Warnings, int Infos, IReadOnlyList<LintFinding> Findings);

internal sealed record LintFinding(
    string Code,
    string Name,
    string Severity,
    string Message,
    string Fix,
    IReadOnlyList<string> RuleIds,
    IReadOnlyList<string> GroupIds,
    IReadOnlyList<string> PortIds);
