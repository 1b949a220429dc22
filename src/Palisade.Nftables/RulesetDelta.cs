using System.Collections.Immutable;
using System.Text;

namespace Palisade.Nftables;

/// <summary>
/// A change between two rulesets that only moves set elements: remote-group members, a port's
/// addresses, intra-subnet or platform CIDRs. Applied as one <c>nft -f</c> transaction it costs
/// what changed, not what exists (design.md §3: membership changes update set elements only).
/// </summary>
public sealed record RulesetDelta(ImmutableArray<SetElementDelta> Sets)
{
    public bool IsEmpty => Sets.IsEmpty;

    /// <summary>
    /// The <c>nft -f</c> text: every delete before any add, so an interval that is replaced by an
    /// overlapping one (two members merged into one element) is gone before its successor arrives.
    /// Empty when nothing changed.
    /// </summary>
    public string ToTransaction()
    {
        var text = new StringBuilder();
        foreach (var set in Sets.Where(s => !s.Removed.IsEmpty))
        {
            Command(text, "delete", set.SetName, set.Removed);
        }

        foreach (var set in Sets.Where(s => !s.Added.IsEmpty))
        {
            Command(text, "add", set.SetName, set.Added);
        }

        return text.ToString();
    }

    private static void Command(StringBuilder text, string verb, string set, ImmutableArray<string> elements) =>
        text.Append(verb).Append(" element ").Append(RulesetWriter.Table).Append(' ').Append(set)
            .Append(" { ").AppendJoin(", ", elements).Append(" }\n");
}
