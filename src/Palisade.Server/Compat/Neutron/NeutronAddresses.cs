using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Validation;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// An address group's <c>addresses</c> as Neutron reads them. A create is checked by neutron-lib's
/// <c>type:subnet_list</c> validator (a list, no item twice, each a CIDR with a <c>/</c>, an IPv4 one
/// written canonically); <c>add_addresses</c> and <c>remove_addresses</c> take what
/// <c>netaddr.IPNetwork</c> takes, a bare address too. Either way an address is stored as its network
/// (<c>10.0.0.1/24</c> → <c>10.0.0.0/24</c>) and duplicates collapse, as <c>_process_requested_addresses</c> does.
/// </summary>
internal static class NeutronAddresses
{
    /// <summary>The normalized, distinct addresses of a create's <c>addresses</c> (null or absent: none).</summary>
    public static List<string> ForCreate(JsonNode? node)
    {
        if (node is null)
        {
            return [];
        }

        var items = Strings(node);
        var duplicates = items.GroupBy(a => a, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw Invalid($"Duplicate items in the list: '{string.Join(", ", duplicates)}'");
        }

        foreach (var item in items.Where(item => !IsSubnet(item)))
        {
            throw Invalid($"'{item}' is not a valid IP subnet");
        }

        return Normalize(items);
    }

    /// <summary>The normalized, distinct addresses of an <c>add_addresses</c>/<c>remove_addresses</c> body <c>{"addresses": [...]}</c>.</summary>
    public static List<string> ForAction(JsonNode? body)
    {
        if (body is not JsonObject action || !action.ContainsKey("addresses"))
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", "Failed to parse request. Required attribute 'addresses' not specified");
        }

        var unknown = action.Select(p => p.Key).Where(k => k != "addresses").ToList();
        if (unknown.Count > 0)
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", $"Unrecognized attribute(s) '{string.Join(", ", unknown)}'");
        }

        var items = action["addresses"] is { } node ? Strings(node) : throw Invalid("'None' is not a list");
        foreach (var item in items.Where(item => !AddressParser.TryParseCidr(item, out _)))
        {
            throw Invalid($"'{item}' is not a valid IP subnet");
        }

        return Normalize(items);
    }

    /// <summary>A list as Python prints it in Neutron's messages: <c>['10.0.0.0/24', '2001:db8::/32']</c>.</summary>
    public static string PythonList(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(i => $"'{i}'")) + "]";

    private static List<string> Strings(JsonNode node)
    {
        if (node is not JsonArray array)
        {
            throw Invalid($"'{node.ToJsonString().Trim('"')}' is not a list");
        }

        return [.. array.Select(item => item is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw Invalid($"'{item?.ToJsonString() ?? "None"}' is not a valid IP subnet"))];
    }

    /// <summary>neutron-lib's <c>validate_subnet</c>: a CIDR with a prefix length; IPv4 exactly as netaddr writes it (host bits may be set).</summary>
    private static bool IsSubnet(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !AddressParser.TryParseCidr(text, out var network))
        {
            return false;
        }

        return network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6
            || (AddressParser.TryParseAddress(text[..slash], out var address) && $"{address}/{network.PrefixLength}" == text);
    }

    private static List<string> Normalize(IEnumerable<string> items) =>
        [.. items.Select(item => AddressParser.TryParseCidr(item, out var network) ? network.ToString() : throw Invalid($"'{item}' is not a valid IP subnet")).Distinct(StringComparer.Ordinal)];

    private static Infrastructure.ApiException Invalid(string reason) =>
        NeutronErrors.BadRequest("HTTPBadRequest", $"Invalid input for addresses. Reason: {reason}.");
}
