using System.Collections.Immutable;

namespace Palisade.Core.Analysis;

/// <summary>
/// One problem the linter found (docs/lint.md lists the codes): what is wrong, what to do about it,
/// and the rules, groups and ports it concerns, each list in a stable order.
/// </summary>
public sealed record LintFinding(
    LintCode Code,
    string Message,
    string Fix,
    ImmutableArray<string> RuleIds,
    ImmutableArray<string> GroupIds,
    ImmutableArray<string> PortIds)
{
    public LintSeverity Severity => Code.Severity;
}
