using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Policy;

namespace Palisade.Nftables;

/// <summary>
/// A host's ruleset built once, to write as a full transaction or to diff against the next one. The
/// agent keeps the one it applied, so a change costs one build instead of three (two for
/// <see cref="RulesetDiff.Compute"/>, one more for <see cref="RulesetRenderer.Render"/>).
/// </summary>
public sealed class HostRuleset
{
    private readonly NftRuleset model;
    private string? skeleton;

    private HostRuleset(NftRuleset model) => this.model = model;

    /// <exception cref="ArgumentException">As <see cref="RulesetRenderer.Render"/>.</exception>
    public static HostRuleset Build(IReadOnlyList<EffectivePolicy> ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        return new(RulesetBuilder.Build(ports));
    }

    /// <summary>The <c>nft -f</c> text that replaces the table atomically (what <see cref="RulesetRenderer.Render"/> returns).</summary>
    public string ToTransaction() => RulesetWriter.Transaction(model);

    /// <summary>
    /// The element-only change from this ruleset to <paramref name="next"/>, or null when anything
    /// but set elements differs (chains, rules, counters, which sets exist, the interface maps).
    /// </summary>
    public RulesetDelta? DeltaTo(HostRuleset next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (!string.Equals(Skeleton, next.Skeleton, StringComparison.Ordinal))
        {
            return null;
        }

        // Equal skeletons list the same sets in the same order.
        var deltas = ImmutableArray.CreateBuilder<SetElementDelta>();
        for (var i = 0; i < model.Sets.Length; i++)
        {
            var old = model.Sets[i].Elements;
            var @new = next.model.Sets[i].Elements;
            if (old.SequenceEqual(@new))
            {
                continue;
            }

            var oldSet = old.ToHashSet(StringComparer.Ordinal);
            var newSet = @new.ToHashSet(StringComparer.Ordinal);
            deltas.Add(new SetElementDelta(
                model.Sets[i].Name,
                [.. old.Where(e => !newSet.Contains(e))],
                [.. @new.Where(e => !oldSet.Contains(e))]));
        }

        return new RulesetDelta(deltas.ToImmutable());
    }

    /// <summary>
    /// This ruleset with new members for some remote groups, and the element change that gets the
    /// kernel there, without building the ruleset again: for when nothing but members changed (a
    /// port elsewhere joined or left a group). Equal to building the ruleset from policies carrying
    /// the new members; a group this ruleset has no set for (no rule names it) changes nothing.
    /// </summary>
    public (HostRuleset Next, RulesetDelta Delta) WithGroupMembers(IReadOnlyDictionary<string, ImmutableArray<IPNetwork>> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var replaced = new Dictionary<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var (groupId, networks) in members)
        {
            foreach (var v6 in new[] { false, true })
            {
                replaced[NftNames.GroupSet(groupId, v6)] = AddressElements.Of(networks, v6);
            }
        }

        var sets = model.Sets.Select(set => replaced.TryGetValue(set.Name, out var elements) ? set with { Elements = elements } : set).ToImmutableArray();
        var next = new HostRuleset(model with { Sets = sets }) { skeleton = skeleton };
        return (next, DeltaTo(next)!);
    }

    private string Skeleton => skeleton ??= RulesetWriter.Skeleton(model);
}
