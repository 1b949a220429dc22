namespace Palisade.Cli.Models;

/// <summary>The verdict for a flow, the design.md §2 step that decided it, and the rules that matched.</summary>
internal sealed record ExplainAnswer(string Verdict, string Step, int StepNumber, IReadOnlyList<Rule> MatchedRules, string? PlatformPolicy);
