using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Validation;

namespace Palisade.Server.Compat.CloudFoundry;

/// <summary>
/// Application security group rules as CAPI's RulesValidator checks them (research/cf_cloudstack.md
/// §A4): every error of every rule, each as <c>Rules[i]: …</c> with CAPI's text. A valid rule becomes
/// Palisade egress rules: one per port or port range, to its destination as a prefix or an address
/// range. Comma-delimited destinations and IPv6 are on (CAPI's enable_comma_delimited_destinations
/// and enable_ipv6), as SAP BTP's groups use them.
/// </summary>
internal static class CfRules
{
    private const int MaxDestinations = 6000;

    private static readonly HashSet<string> Keys = ["protocol", "destination", "ports", "type", "code", "log", "description"];

    public static (List<string> Errors, List<RuleDraft> Drafts) Check(JsonNode? rules)
    {
        var errors = new List<string>();
        var drafts = new List<RuleDraft>();
        if (rules is not JsonArray list)
        {
            return (["Rules must be an array"], drafts);
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject rule)
            {
                errors.Add($"Rules[{i}]: must be an object");
                continue;
            }

            var ruleErrors = new List<string>();
            var unknown = rule.Select(p => p.Key).Where(k => !Keys.Contains(k)).ToList();
            if (unknown.Count > 0)
            {
                ruleErrors.Add($"unknown field(s): [{string.Join(", ", unknown.Select(k => $"\"{k}\""))}]");
            }

            var protocol = rule["protocol"] is JsonValue p && p.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : null;
            if (protocol is not ("tcp" or "udp" or "icmp" or "icmpv6" or "all"))
            {
                ruleErrors.Add("protocol must be 'tcp', 'udp', 'icmp', 'icmpv6' or 'all'");
            }

            var destinations = Destinations(rule["destination"], protocol, ruleErrors);
            var ports = protocol is "tcp" or "udp" ? Ports(rule, ruleErrors) : [];
            if (protocol == "all" && rule.ContainsKey("ports"))
            {
                ruleErrors.Add("ports are not allowed for protocols of type all");
            }

            var (type, code) = protocol is "icmp" or "icmpv6" ? Icmp(rule, ruleErrors) : (-1, -1);
            if (rule["log"] is { } log && log.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                ruleErrors.Add("log must be a boolean");
            }

            if (rule["description"] is { } description && description.GetValueKind() != JsonValueKind.String)
            {
                ruleErrors.Add("description must be a string");
            }

            errors.AddRange(ruleErrors.Select(e => $"Rules[{i}]: {e}"));
            if (ruleErrors.Count == 0 && destinations is not null)
            {
                drafts.AddRange(destinations.SelectMany(target => Drafts(rule, protocol!, target, ports, type, code)));
            }
        }

        return (errors, drafts);
    }

    private static IEnumerable<RuleDraft> Drafts(JsonObject rule, string protocol, (string? Prefix, string? Range, bool V6) target, List<(int Min, int Max)> ports, int type, int code)
    {
        var ethertype = target.V6 ? "IPv6" : "IPv4";
        var log = rule["log"]?.GetValueKind() == JsonValueKind.True;
        var description = rule["description"]?.GetValue<string>() ?? "";
        RuleDraft Draft(string? p, int? min, int? max) => new("egress", ethertype, p, min, max, target.Prefix, target.Range, null, description.Length > 255 ? description[..255] : description, log);
        return protocol switch
        {
            "tcp" or "udp" => ports.Select(range => Draft(protocol, range.Min, range.Max)),
            "icmp" or "icmpv6" => [Draft(target.V6 ? "ipv6-icmp" : "icmp", type < 0 ? null : type, type < 0 || code < 0 ? null : code)],
            _ => [Draft(null, null, null)],
        };
    }

    /// <summary>One destination or a comma-delimited list of them (at most 6,000), each an IP, a CIDR or an address range.</summary>
    private static List<(string? Prefix, string? Range, bool V6)>? Destinations(JsonNode? node, string? protocol, List<string> errors)
    {
        if (node is null)
        {
            errors.Add("nil destination; destination must be a comma-delimited list of valid CIDRs, IP addresses, or IP address ranges");
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            errors.Add("destination must be a string");
            return null;
        }

        var text = node.GetValue<string>();
        if (text.Any(char.IsWhiteSpace))
        {
            errors.Add("destination must not contain whitespace");
            return null;
        }

        var items = text.Split(',');
        if (items.Length > MaxDestinations)
        {
            errors.Add($"maximum destinations per rule exceeded - must be under {MaxDestinations}");
            return null;
        }

        if (items.Length > 1 && items.Any(i => i.Length == 0))
        {
            errors.Add("empty destination specified in comma-delimited list");
            return null;
        }

        var result = new List<(string?, string?, bool)>();
        foreach (var item in items)
        {
            if (Destination(item, protocol, errors) is not { } parsed)
            {
                return null;
            }

            result.Add(parsed);
        }

        return result;
    }

    private static (string? Prefix, string? Range, bool V6)? Destination(string text, string? protocol, List<string> errors)
    {
        if (!text.Contains(':', StringComparison.Ordinal) && text.Split('-', '/', '.').Any(part => part.Length > 1 && part[0] == '0' && part.All(char.IsAsciiDigit)))
        {
            errors.Add("destination octets cannot contain leading zeros");
            return null;
        }

        (string?, string?, bool)? parsed = null;
        var parts = text.Split('-');
        if (parts.Length == 2)
        {
            if (!AddressParser.TryParseAddress(parts[0], out var first) || !AddressParser.TryParseAddress(parts[1], out var last) || first.AddressFamily != last.AddressFamily)
            {
                errors.Add("destination IP address range is invalid");
                return null;
            }

            if (Compare(first, last) > 0)
            {
                errors.Add("beginning of IP address range is numerically greater than the end of its range (range endpoints are inverted)");
                return null;
            }

            parsed = (null, $"{first}-{last}", first.AddressFamily == AddressFamily.InterNetworkV6);
        }
        else if (parts.Length == 1 && AddressParser.TryParseCidr(text, out var network))
        {
            parsed = (network.ToString(), null, network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6);
        }

        if (parsed is null)
        {
            errors.Add("destination must contain valid CIDR(s), IP address(es), or IP address range(s)");
            return null;
        }

        if (protocol == "icmp" && parsed.Value.Item3)
        {
            errors.Add("for protocol \"icmp\" you cannot use IPv6 addresses");
            return null;
        }

        if (protocol == "icmpv6" && !parsed.Value.Item3)
        {
            errors.Add("for protocol \"icmpv6\" you cannot use IPv4 addresses");
            return null;
        }

        return parsed;
    }

    private static List<(int Min, int Max)> Ports(JsonObject rule, List<string> errors)
    {
        const string Invalid = "ports must be a valid single port, comma separated list of ports, or range or ports, formatted as a string";
        if (rule["ports"] is not { } node)
        {
            errors.Add("ports are required for protocols of type TCP and UDP");
            return [];
        }

        var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (text is null || text.Any(c => !(char.IsAsciiDigit(c) || char.IsWhiteSpace(c) || c is '-' or ',')))
        {
            errors.Add(Invalid);
            return [];
        }

        var range = text.Split('-');
        if (range.Length == 2 && Port(range[0]) is { } low && Port(range[1]) is { } high && low < high)
        {
            return [(low, high)];
        }

        var list = text.Split(',').Select(Port).ToList();
        if (range.Length == 1 && list.All(p => p is not null))
        {
            return [.. list.Distinct().Select(p => (p!.Value, p.Value))];
        }

        errors.Add(Invalid);
        return [];
    }

    private static int? Port(string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 ? port : null;

    private static (int Type, int Code) Icmp(JsonObject rule, List<string> errors)
    {
        int Value(string name)
        {
            if (rule[name] is not { } node)
            {
                errors.Add($"{name} is required for protocols of type ICMP");
                return -1;
            }

            if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var value) && value is >= -1 and <= 255)
            {
                return value;
            }

            errors.Add($"{name} must be an integer between -1 and 255 (inclusive)");
            return -1;
        }

        var type = Value("type");
        var code = Value("code");
        return (type, code);
    }

    private static int Compare(IPAddress a, IPAddress b)
    {
        var x = a.GetAddressBytes();
        var y = b.GetAddressBytes();
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] != y[i])
            {
                return x[i].CompareTo(y[i]);
            }
        }

        return 0;
    }
}
