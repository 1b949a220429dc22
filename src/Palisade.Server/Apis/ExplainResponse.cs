using Palisade.Server.Documents;

namespace Palisade.Server.Apis;

/// <summary>The verdict, the design.md §2 step that decided it, and every rule that matched.</summary>
public sealed record ExplainResponse(string Verdict, string Step, int StepNumber, IReadOnlyList<RuleDocument> MatchedRules, string? PlatformPolicy);
