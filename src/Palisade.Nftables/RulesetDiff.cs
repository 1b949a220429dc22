using System.Collections.Immutable;
using Palisade.Core.Policy;

namespace Palisade.Nftables;

/// <summary>
/// Decides whether going from one host policy to the next needs a new table or only set elements.
/// Both are built into the same model the renderer writes; when everything but set elements is
/// identical (chains, rules, counters, which sets exist, the interface maps), the difference is
/// exactly the element changes. Anything else returns null and the caller renders in full.
/// </summary>
public static class RulesetDiff
{
    /// <summary>The element-only change from <paramref name="previous"/> to <paramref name="next"/>, or null when the structure changed.</summary>
    public static RulesetDelta? Compute(IReadOnlyList<EffectivePolicy> previous, IReadOnlyList<EffectivePolicy> next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        var before = RulesetBuilder.Build(previous);
        var after = RulesetBuilder.Build(next);
        if (!string.Equals(RulesetWriter.Skeleton(before), RulesetWriter.Skeleton(after), StringComparison.Ordinal))
        {
            return null;
        }

        // Equal skeletons list the same sets in the same order.
        var deltas = ImmutableArray.CreateBuilder<SetElementDelta>();
        for (var i = 0; i < before.Sets.Length; i++)
        {
            var old = before.Sets[i].Elements;
            var @new = after.Sets[i].Elements;
            if (old.SequenceEqual(@new))
            {
                continue;
            }

            var oldSet = old.ToHashSet(StringComparer.Ordinal);
            var newSet = @new.ToHashSet(StringComparer.Ordinal);
            deltas.Add(new SetElementDelta(
                before.Sets[i].Name,
                [.. old.Where(e => !newSet.Contains(e))],
                [.. @new.Where(e => !oldSet.Contains(e))]));
        }

        return new RulesetDelta(deltas.ToImmutable());
    }
}
