using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Validation;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// A port's <c>allowed_address_pairs</c> as Neutron's validator reads them, in its order and with its
/// exception types (neutron-lib <c>api/validators/allowedaddresspairs.py</c>): the list, its length,
/// then each pair's MAC, IP, duplicates, unknown keys and multicast addresses.
/// </summary>
internal static class NeutronAddressPairs
{
    /// <summary>Neutron's <c>max_allowed_address_pair</c> default.</summary>
    public const int Maximum = 10;

    public static List<AddressPairDocument> Parse(JsonNode? node)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray pairs)
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", "Allowed address pairs must be a list.");
        }

        if (pairs.Count > Maximum)
        {
            throw NeutronErrors.BadRequest("AllowedAddressPairExhausted", $"The number of allowed address pair exceeds the maximum {Maximum}.");
        }

        var result = new List<AddressPairDocument>();
        var seen = new HashSet<(string?, string)>();
        foreach (var entry in pairs)
        {
            if (entry is not JsonObject pair)
            {
                throw Invalid($"'{entry?.ToJsonString()}' is not a dictionary");
            }

            var mac = Text(pair, "mac_address");
            if (pair.ContainsKey("mac_address") && (mac is null || !MacAddresses.IsValid(mac)))
            {
                throw NeutronErrors.BadRequest("HTTPBadRequest", $"'{mac ?? pair["mac_address"]?.ToJsonString()}' is not a valid MAC address");
            }

            if (Text(pair, "ip_address") is not { } ip)
            {
                throw NeutronErrors.BadRequest("AllowedAddressPairsMissingIP", "AllowedAddressPair must contain ip_address");
            }

            if (!seen.Add((mac, ip)))
            {
                throw NeutronErrors.BadRequest("DuplicateAddressPairInRequest", $"Request contains duplicate address pair: mac_address {mac ?? "None"} ip_address {ip}.");
            }

            var unknown = pair.Select(p => p.Key).Where(k => k is not ("mac_address" or "ip_address")).ToList();
            if (unknown.Count > 0)
            {
                throw NeutronErrors.BadRequest("HTTPBadRequest", $"Unrecognized attribute(s) '{string.Join(", ", unknown)}'");
            }

            if (!AddressParser.TryParseCidr(ip, out var network))
            {
                throw NeutronErrors.BadRequest("HTTPBadRequest", ip.Contains('/', StringComparison.Ordinal) ? $"'{ip}' is not a valid IP subnet" : $"'{ip}' is not a valid IP address");
            }

            if (IsMulticast(network.BaseAddress))
            {
                throw NeutronErrors.BadRequest("HTTPBadRequest", $"Multicast IP {ip} is not allowed in allowed address pairs.");
            }

            if (mac is not null && MacAddresses.IsMulticast(mac))
            {
                throw NeutronErrors.BadRequest("HTTPBadRequest", $"Multicast MAC address {mac} is not allowed in allowed address pairs.");
            }

            var admitted = network.ToString();
            result.Add(new AddressPairDocument(admitted, mac?.ToLowerInvariant(), ip == admitted ? null : ip));
        }

        return result;
    }

    private static ApiException Invalid(string reason) =>
        NeutronErrors.BadRequest("HTTPBadRequest", $"Invalid input for allowed_address_pairs. Reason: {reason}.");

    private static string? Text(JsonObject pair, string name) =>
        pair[name] is { } value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool IsMulticast(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6
        ? address.IsIPv6Multicast
        : (address.GetAddressBytes()[0] & 0xF0) == 0xE0;
}
