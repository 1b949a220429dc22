using System.Text;
using Palisade.Core.Model;

namespace Palisade.Nftables;

/// <summary>
/// One tenant rule as one nft rule: family, peer address (the source on ingress, the destination on
/// egress, as the classifier reads <c>Flow.PeerAddress</c>), protocol and ports, the rule's named
/// counter, a log line when asked, accept.
/// </summary>
internal static class RuleLine
{
    /// <summary>The nft rule, or null when the rule can match no packet (see <see cref="MatchExpressions.Protocol"/>).</summary>
    /// <param name="groupSet">The set of a remote group's members of one family (declared on first use).</param>
    /// <param name="addressGroupSet">The set of an address group's CIDRs of one family (declared on first use).</param>
    public static string? Render(SecurityGroupRule rule, Func<string, bool, string> groupSet, Func<string, bool, string> addressGroupSet)
    {
        var v6 = rule.EtherType == EtherType.IPv6;
        var address = Address(rule.Remote, v6, rule.Direction == Direction.Ingress, groupSet, addressGroupSet);
        var protocol = MatchExpressions.Protocol(rule.Protocol, rule.PortRangeMin, rule.PortRangeMax, v6);
        if (address is null || protocol is null)
        {
            return null;
        }

        var line = new StringBuilder();
        // An address match already implies the family; without one the family must be said.
        line.Append(address.Length > 0 ? address : v6 ? "meta nfproto ipv6" : "meta nfproto ipv4");
        if (protocol.Length > 0)
        {
            line.Append(' ').Append(protocol);
        }

        line.Append(" counter name \"").Append(NftNames.RuleCounter(rule.Id)).Append('"');
        if (rule.Log)
        {
            line.Append(' ').Append(FlowLogPrefix.Statement(FlowLogPrefix.Rule(rule.Id)));
        }

        return line.Append(" accept").ToString();
    }

    /// <summary>
    /// The address part: empty for any address, null when the remote cannot match the rule's
    /// family (the classifier compares families, so such a rule matches nothing).
    /// </summary>
    private static string? Address(Remote? remote, bool v6, bool ingress, Func<string, bool, string> groupSet, Func<string, bool, string> addressGroupSet)
    {
        var selector = (v6 ? "ip6 " : "ip ") + (ingress ? "saddr " : "daddr ");
        switch (remote)
        {
            case null:
                return string.Empty;
            case Remote.Prefix prefix:
                if (AddressElements.IsV6(prefix.Network.BaseAddress) != v6)
                {
                    return null;
                }

                return prefix.Network.PrefixLength == 0 ? string.Empty : selector + AddressElements.Format(prefix.Network);
            case Remote.Range range:
                if (AddressElements.IsV6(range.First) != v6 || AddressElements.IsV6(range.Last) != v6)
                {
                    return null;
                }

                var (first, last) = (AddressElements.Number(range.First), AddressElements.Number(range.Last));
                return first > last ? null : selector + AddressElements.Format(first, last, v6);
            case Remote.Group group:
                return selector + "@" + groupSet(group.GroupId, v6);
            case Remote.AddressGroup addressGroup:
                return selector + "@" + addressGroupSet(addressGroup.AddressGroupId, v6);
            default:
                return null;
        }
    }
}
