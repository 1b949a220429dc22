namespace Palisade.Server.Insight.Lint;

/// <summary>The lint of one project at one revision: every finding, and how many of each severity.</summary>
public sealed record LintResponse(string ProjectId, long Revision, int Errors, int Warnings, int Infos, IReadOnlyList<LintFindingDocument> Findings);

/// <summary>One finding (docs/lint.md): its stable code and name, severity, message, fix, and the rules, groups and ports concerned.</summary>
public sealed record LintFindingDocument(
    string Code,
    string Name,
    string Severity,
    string Message,
    string Fix,
    IReadOnlyList<string> RuleIds,
    IReadOnlyList<string> GroupIds,
    IReadOnlyList<string> PortIds);
