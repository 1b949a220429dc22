using System.Globalization;
using Palisade.Cli.Models;

namespace Palisade.Cli.Rendering;

/// <summary>How a rule's match reads in a table: "22", "1000-2000", "type 8 code 0", "group web".</summary>
internal static class RuleText
{
    public static string Protocol(Rule rule) => rule.Protocol ?? "any";

    public static string Ports(Rule rule)
    {
        if (rule.Protocol is "icmp" or "ipv6-icmp" or "1" or "58")
        {
            return rule.PortRangeMin is { } type
                ? rule.PortRangeMax is { } code ? $"type {type} code {code}" : $"type {type}"
                : "any";
        }

        return (rule.PortRangeMin, rule.PortRangeMax) switch
        {
            (null, null) => "any",
            ({ } min, { } max) when min == max => min.ToString(CultureInfo.InvariantCulture),
            (var min, var max) => $"{min}-{max}",
        };
    }

    public static string Remote(Rule rule, Func<string, string> groupName) =>
        rule.RemoteIpPrefix ?? rule.RemoteIpRange
        ?? (rule.RemoteGroupId is { } id ? $"group {groupName(id)}" : rule.RemoteAddressGroupId is { } addressGroup ? $"address group {addressGroup}" : "any");

    /// <summary>The packets and bytes the agents counted for the rule ("-" before any agent reported it).</summary>
    public static string Hits(Rule rule) =>
        rule.HitPackets is { } packets ? string.Create(CultureInfo.InvariantCulture, $"{packets} pkts / {rule.HitBytes ?? 0} B") : "-";

    public static void AddRows(Spectre.Console.Table table, IEnumerable<Rule> rules, Func<string, string> groupName)
    {
        foreach (var rule in rules)
        {
            table.Row(rule.Id, rule.Direction, rule.Ethertype, Protocol(rule), Ports(rule), Remote(rule, groupName), rule.Log ? "yes" : "", Hits(rule), rule.Description);
        }
    }

    public static Spectre.Console.Table Table(IEnumerable<Rule> rules, Func<string, string> groupName)
    {
        var table = Tables.Create("ID", "DIRECTION", "ETHERTYPE", "PROTOCOL", "PORTS", "REMOTE", "LOG", "HITS", "DESCRIPTION");
        AddRows(table, rules, groupName);
        return table;
    }
}
