using Palisade.Core.Model;
using Palisade.Core.Validation;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Documents;

namespace Palisade.Server.Apis;

/// <summary>Between the API's rule documents and Core's rules; Core's validator is the single judge.</summary>
internal static class RuleMapping
{
    public static RuleDraft Draft(RuleCreate request) => new(
        request.Direction, request.Ethertype, request.Protocol, request.PortRangeMin, request.PortRangeMax,
        request.RemoteIpPrefix, request.RemoteIpRange, request.RemoteGroupId, request.Description, request.Log ?? false, request.RemoteAddressGroupId);

    public static RuleDocument ToDocument(SecurityGroupRule rule, long revision) => new(
        rule.Id,
        rule.GroupId,
        rule.Direction == Direction.Ingress ? "ingress" : "egress",
        rule.EtherType.ToString(),
        rule.Protocol.IsAny ? null : rule.Protocol.ToString(),
        rule.PortRangeMin,
        rule.PortRangeMax,
        (rule.Remote as Remote.Prefix)?.Network.ToString(),
        rule.Remote is Remote.Range range ? $"{range.First}-{range.Last}" : null,
        (rule.Remote as Remote.Group)?.GroupId,
        rule.Description,
        rule.Log,
        revision,
        RemoteAddressGroupId: (rule.Remote as Remote.AddressGroup)?.AddressGroupId);

    /// <summary>
    /// A valid prefix as Neutron keeps it, <c>str(netaddr.IPNetwork(text))</c>
    /// (neutron/extensions/securitygroup.py, <c>convert_ip_prefix_to_cidr</c>): the address in its
    /// usual form with host bits kept, and /32 or /128 when no length is given. Null when that is the
    /// network already stored (<paramref name="stored"/>), so only a prefix that differs is kept.
    /// </summary>
    public static string? PrefixAsGiven(string? given, string? stored)
    {
        if (string.IsNullOrEmpty(given))
        {
            return null;
        }

        var slash = given.IndexOf('/', StringComparison.Ordinal);
        if (!AddressParser.TryParseAddress(slash < 0 ? given : given[..slash], out var address))
        {
            return null;
        }

        var length = slash < 0
            ? (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : int.Parse(given[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var text = $"{address}/{length}";
        return text == stored ? null : text;
    }

    /// <summary>The network of a prefix as given (<c>10.0.0.1/24</c> → <c>10.0.0.0/24</c>), what Neutron calls its normalized CIDR.</summary>
    public static string? NetworkOf(string? prefix) => AddressParser.TryParseCidr(prefix, out var network) ? network.ToString() : null;

    public static SecurityGroupRule ToRule(RuleDocument document)
    {
        var draft = new RuleDraft(document.Direction, document.Ethertype, document.Protocol, document.PortRangeMin, document.PortRangeMax,
            document.RemoteIpPrefix, document.RemoteIpRange, document.RemoteGroupId, document.Description, document.Log, document.RemoteAddressGroupId);
        return RuleValidator.Validate(draft, document.Id, document.SecurityGroupId).Rule
            ?? throw new InvalidOperationException($"stored rule {document.Id} no longer validates");
    }
}
