using System.Collections.Immutable;
using Palisade.Core.Model;

namespace Palisade.Core.Classification;

/// <summary>
/// Why a flow gets its verdict: the deciding step, every rule that matched (at step
/// <see cref="DecisionStep.Rule"/>), and the platform policy that denied it (at step
/// <see cref="DecisionStep.PlatformPolicy"/>; the server hides its details from tenants).
/// </summary>
public sealed record ExplainResult(
    Decision Decision,
    ImmutableArray<MatchedRule> MatchedRules,
    PlatformPolicy? PlatformPolicy = null);
