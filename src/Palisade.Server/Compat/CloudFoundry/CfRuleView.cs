using System.Globalization;
using System.Text.Json.Nodes;
using Palisade.Server.Operations;
using Palisade.Store;

namespace Palisade.Server.Compat.CloudFoundry;

/// <summary>
/// An ASG's <c>rules</c> as CAPI returns them: each CF rule as it was sent (kept on its rule rows,
/// <see cref="RuleAsGiven"/>), in its place in the list, then every rule another API added (or whose
/// CF rule's row another API removed), in CF's shape derived from the Palisade rule
/// (https://v3-apidocs.cloudfoundry.org, "The security group object", rule fields). A rule CF cannot
/// state exactly is left out rather than shown wider than it is: an ingress rule (ASG rules are
/// egress only), a protocol other than tcp, udp, icmp, icmpv6 or all, and a remote group or address
/// group (docs/compatibility/cloudfoundry.md).
/// </summary>
internal static class CfRuleView
{
    public static JsonArray Rules(IReadOnlyList<RuleRow> rows)
    {
        var given = rows.SelectMany(r => RuleAsGiven.FromText(r.CfRulesAsGiven)).OrderBy(g => g.Index).ToList();
        var shown = given.Select(g => g.Index).ToHashSet();
        var derived = rows.Where(r => r.CfRuleIndex is not { } index || !shown.Contains(index)).Select(Derived).OfType<JsonObject>();
        return new JsonArray([.. given.Select(g => g.Rule), .. derived]);
    }

    private static JsonObject? Derived(RuleRow rule)
    {
        if (rule.Direction != "egress" || rule.RemoteGroupId is not null || rule.RemoteAddressGroupId is not null)
        {
            return null;
        }

        var any = rule.Ethertype == "IPv6" ? "::/0" : "0.0.0.0/0";
        var view = new JsonObject();
        switch (rule.Protocol)
        {
            case null:
                view["protocol"] = "all";
                break;
            case "tcp" or "udp":
                view["protocol"] = rule.Protocol;
                view["ports"] = rule.PortRangeMin is not { } min ? "1-65535"
                    : min == rule.PortRangeMax ? min.ToString(CultureInfo.InvariantCulture)
                    : string.Create(CultureInfo.InvariantCulture, $"{min}-{rule.PortRangeMax}");
                break;
            case "icmp" or "ipv6-icmp":
                view["protocol"] = rule.Protocol == "icmp" ? "icmp" : "icmpv6";
                view["type"] = rule.PortRangeMin ?? -1;
                view["code"] = rule.PortRangeMax ?? -1;
                break;
            default:
                return null;
        }

        view["destination"] = rule.RemoteIpRange ?? rule.RemoteIpPrefix ?? any;
        if (rule.Description.Length > 0)
        {
            view["description"] = rule.Description;
        }

        if (rule.Log)
        {
            view["log"] = true;
        }

        return view;
    }
}
