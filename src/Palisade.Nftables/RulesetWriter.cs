using System.Text;

namespace Palisade.Nftables;

/// <summary>
/// Writes an <see cref="NftRuleset"/> as an <c>nft -f</c> file. Objects come before what refers to
/// them (counters and sets, then chains, then the verdict maps that jump to chains, then the base
/// chains that read the maps), so the file also reads top-down. One element per line keeps a
/// 10,000-member group diffable by eye.
/// </summary>
internal static class RulesetWriter
{
    public const string Table = "inet palisade";

    /// <summary>
    /// The whole table as one transaction. Declaring the table before deleting it makes the delete
    /// succeed on a host where it does not exist yet; the batch is applied atomically, so packets
    /// never see a moment without the table.
    /// </summary>
    public static string Transaction(NftRuleset ruleset)
    {
        var text = new StringBuilder();
        text.Append("table ").Append(Table).Append(" {}\n");
        text.Append("delete table ").Append(Table).Append('\n');
        WriteTable(ruleset, text, elements: true);
        return text.ToString();
    }

    /// <summary>The table without set and map elements: equal skeletons differ only in elements.</summary>
    public static string Skeleton(NftRuleset ruleset)
    {
        var text = new StringBuilder();
        WriteTable(ruleset, text, elements: false);
        return text.ToString();
    }

    private static void WriteTable(NftRuleset ruleset, StringBuilder text, bool elements)
    {
        text.Append("table ").Append(Table).Append(" {\n");
        foreach (var counter in ruleset.Counters)
        {
            text.Append("\tcounter ").Append(counter).Append(" { }\n");
        }

        foreach (var set in ruleset.Sets)
        {
            Set("set", set, text, elements);
        }

        foreach (var chain in ruleset.Chains)
        {
            Chain(chain, text);
        }

        foreach (var map in ruleset.Maps)
        {
            // A verdict map names chains, so its elements are structure, never a mere update.
            Set("map", map, text, elements: true);
        }

        foreach (var chain in ruleset.BaseChains)
        {
            Chain(chain, text);
        }

        text.Append("}\n");
    }

    private static void Set(string keyword, NftSet set, StringBuilder text, bool elements)
    {
        text.Append('\t').Append(keyword).Append(' ').Append(set.Name).Append(" {\n");
        foreach (var line in set.Declaration)
        {
            text.Append("\t\t").Append(line).Append('\n');
        }

        if (elements && !set.Elements.IsEmpty)
        {
            text.Append("\t\telements = {\n");
            for (var i = 0; i < set.Elements.Length; i++)
            {
                text.Append("\t\t\t").Append(set.Elements[i]).Append(i < set.Elements.Length - 1 ? ",\n" : "\n");
            }

            text.Append("\t\t}\n");
        }

        text.Append("\t}\n");
    }

    private static void Chain(NftChain chain, StringBuilder text)
    {
        text.Append("\tchain ").Append(chain.Name).Append(" {\n");
        if (chain.Hook is not null)
        {
            text.Append("\t\t").Append(chain.Hook).Append('\n');
        }

        foreach (var rule in chain.Rules)
        {
            text.Append("\t\t").Append(rule).Append('\n');
        }

        text.Append("\t}\n");
    }
}
