using Palisade.Core.Policy;

namespace Palisade.Nftables;

/// <summary>
/// Decides whether going from one host policy to the next needs a new table or only set elements.
/// Both are built into the same model the renderer writes; when everything but set elements is
/// identical (chains, rules, counters, which sets exist, the interface maps), the difference is
/// exactly the element changes. Anything else returns null and the caller renders in full. A caller
/// that keeps the ruleset it applied uses <see cref="HostRuleset.DeltaTo"/> and builds only the next.
/// </summary>
public static class RulesetDiff
{
    /// <summary>The element-only change from <paramref name="previous"/> to <paramref name="next"/>, or null when the structure changed.</summary>
    public static RulesetDelta? Compute(IReadOnlyList<EffectivePolicy> previous, IReadOnlyList<EffectivePolicy> next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        return HostRuleset.Build(previous).DeltaTo(HostRuleset.Build(next));
    }
}
