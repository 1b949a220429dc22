using Palisade.Core.Policy;

namespace Palisade.Nftables;

/// <summary>
/// Renders the effective policies of a host's ports as one <c>nft -f</c> transaction that replaces
/// the table <c>inet palisade</c> atomically (design.md §3). The output is a pure function of the
/// input: ports, groups, rules, sets and elements are sorted by id with ordinal comparison, so the
/// same policies give byte-identical text whatever order they come in.
/// </summary>
public static class RulesetRenderer
{
    /// <summary>The family and name of the table every ruleset replaces.</summary>
    public const string Table = RulesetWriter.Table;

    /// <exception cref="ArgumentException">
    /// Two ports share an id or interface name, an interface name is not a valid Linux name, or the
    /// policies disagree on a group's rules or members (they come from different snapshots).
    /// </exception>
    public static string Render(IReadOnlyList<EffectivePolicy> ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        return RulesetWriter.Transaction(RulesetBuilder.Build(ports));
    }
}
