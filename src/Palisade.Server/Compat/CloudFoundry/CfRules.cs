using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Validation;

namespace Palisade.Server.Compat.CloudFoundry;

/// <summary>
/// Application security group rules checked as CAPI checks them (research/cf_cloudstack.md §A4), in
/// its two layers: the message layer (<c>RulesValidator</c>) reports every error of every rule, each
/// as <c>Rules[i]: …</c>, in the order CAPI finds them; only when it passes does the model layer
/// (<c>SecurityGroup#validate_rules</c>) run, which is stricter about which fields each protocol
/// takes (<c>rules rule number i+1 …</c>). A valid rule becomes Palisade egress rules: one per port or
/// port range, to each destination as a prefix or an address range. Comma-delimited destinations
/// (at most 6,000) and IPv6 are on: CAPI's <c>enable_comma_delimited_destinations</c> and
/// <c>enable_ipv6</c>, as SAP BTP's groups use them.
/// </summary>
internal static class CfRules
{
    private const int MaxDestinations = 6000;
    private const string InvalidDestination = "destination must contain valid CIDR(s), IP address(es), or IP address range(s)";
    private const string InvalidPorts = "ports must be a valid single port, comma separated list of ports, or range or ports, formatted as a string";

    private static readonly HashSet<string> Keys = ["protocol", "destination", "ports", "type", "code", "log", "description"];

    private sealed record Target(string? Prefix, string? Range, bool V6);

    /// <summary>The errors, or every Palisade rule draft with the index of the CF rule it comes from.</summary>
    public static (List<string> Errors, List<(RuleDraft Draft, int Index)> Drafts) Check(JsonNode? rules)
    {
        if (rules is not JsonArray list)
        {
            return (["Rules must be an array"], []);
        }

        var errors = new List<string>();
        var checkedRules = new List<(JsonObject Rule, List<Target> Targets, List<(int Min, int Max)> Ports, int Type, int Code)>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject rule)
            {
                errors.Add($"Rules[{i}]: must be an object");
                continue;
            }

            var ruleErrors = new List<string>();
            var found = Message(rule, ruleErrors);
            errors.AddRange(ruleErrors.Select(e => $"Rules[{i}]: {e}"));
            checkedRules.Add((rule, found.Targets, found.Ports, found.Type, found.Code));
        }

        if (errors.Count == 0)
        {
            errors.AddRange(checkedRules.SelectMany((r, i) => Model(r.Rule).Select(e => $"rules rule number {i + 1} {e}")));
        }

        return errors.Count > 0
            ? (errors, [])
            : (errors, [.. checkedRules.SelectMany((r, i) => r.Targets.SelectMany(target => Drafts(r.Rule, target, r.Ports, r.Type, r.Code)).Select(d => (d, i)))]);
    }

    /// <summary>RulesValidator#validate for one rule: keys, protocol, destination, description, log, then the protocol's own fields.</summary>
    private static (List<Target> Targets, List<(int Min, int Max)> Ports, int Type, int Code) Message(JsonObject rule, List<string> errors)
    {
        var unknown = rule.Select(p => p.Key).Where(k => !Keys.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add($"unknown field(s): [{string.Join(", ", unknown.Select(k => $"\"{k}\""))}]");
        }

        var protocol = Protocol(rule);
        if (protocol is not ("tcp" or "udp" or "icmp" or "icmpv6" or "all"))
        {
            errors.Add("protocol must be 'tcp', 'udp', 'icmp', 'icmpv6' or 'all'");
        }

        var targets = Destinations(rule["destination"], protocol, errors);
        if (Truthy(rule["description"]) && rule["description"]!.GetValueKind() != JsonValueKind.String)
        {
            errors.Add("description must be a string");
        }

        if (Truthy(rule["log"]) && rule["log"]!.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add("log must be a boolean");
        }

        List<(int, int)> ports = [];
        var (type, code) = (-1, -1);
        switch (protocol)
        {
            case "tcp" or "udp":
                ports = Ports(rule["ports"], errors);
                break;
            case "icmp" or "icmpv6":
                code = IcmpValue(rule, "code", errors);
                type = IcmpValue(rule, "type", errors);
                break;
            case "all" when Truthy(rule["ports"]):
                errors.Add("ports are not allowed for protocols of type all");
                break;
        }

        return (targets, ports, type, code);
    }

    /// <summary>
    /// SecurityGroup#validate_rules: the fields each protocol takes (missing ones first, then unknown
    /// ones in the rule's order), then an empty destination, a log that is not a boolean and a
    /// description that is not a string, which the message layer lets through when null or false.
    /// </summary>
    private static List<string> Model(JsonObject rule)
    {
        var protocol = Protocol(rule)!;
        string[] required = protocol switch
        {
            "tcp" or "udp" => ["protocol", "destination", "ports"],
            "icmp" or "icmpv6" => ["protocol", "destination", "type", "code"],
            _ => ["protocol", "destination"],
        };
        var errors = required.Where(f => !rule.ContainsKey(f)).Select(f => $"missing required field '{f}'")
            .Concat(rule.Select(p => p.Key).Where(k => !required.Contains(k) && k is not ("log" or "description")).Select(k => $"contains the invalid field '{k}'"))
            .ToList();
        if (errors.Count > 0)
        {
            return errors;
        }

        if (rule["destination"]!.GetValue<string>().Length == 0)
        {
            errors.Add("contains invalid destination");
        }

        if (rule.ContainsKey("log") && rule["log"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add("contains invalid log value");
        }

        if (rule.ContainsKey("description") && rule["description"]?.GetValueKind() != JsonValueKind.String)
        {
            errors.Add("contains invalid description");
        }

        return errors;
    }

    private static IEnumerable<RuleDraft> Drafts(JsonObject rule, Target target, List<(int Min, int Max)> ports, int type, int code)
    {
        var protocol = Protocol(rule);
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

    private static string? Protocol(JsonObject rule) =>
        rule["protocol"] is JsonValue p && p.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : null;

    /// <summary>Ruby's truthiness, which CAPI's <c>if rule[:x]</c> tests: everything but nil and false.</summary>
    private static bool Truthy(JsonNode? node) => node is not null && node.GetValueKind() != JsonValueKind.False;

    /// <summary>Ruby's String#split: trailing empty strings are dropped, so "" has no parts at all.</summary>
    private static string[] RubySplit(string text, char separator)
    {
        var parts = text.Split(separator);
        var count = parts.Length;
        while (count > 0 && parts[count - 1].Length == 0)
        {
            count--;
        }

        return parts[..count];
    }

    /// <summary>One destination or a comma-delimited list of them, each checked and each error reported.</summary>
    private static List<Target> Destinations(JsonNode? node, string? protocol, List<string> errors)
    {
        if (node is null)
        {
            errors.Add("nil destination; destination must be a comma-delimited list of valid CIDRs, IP addresses, or IP address ranges");
            return [];
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            errors.Add("destination must be a string");
            return [];
        }

        var text = node.GetValue<string>();
        if (text.Any(char.IsWhiteSpace))
        {
            errors.Add("destination must not contain whitespace");
            return [];
        }

        // split(',', -1) keeps empty items, except that "" gives none.
        var items = text.Length == 0 ? [] : text.Split(',');
        if (items.Length > MaxDestinations)
        {
            errors.Add($"maximum destinations per rule exceeded - must be under {MaxDestinations}");
        }

        var targets = new List<Target>();
        foreach (var item in items)
        {
            if (Destination(item, protocol, errors) is { } target)
            {
                targets.Add(target);
            }
        }

        return targets;
    }

    private static Target? Destination(string text, string? protocol, List<string> errors)
    {
        if (text.Length == 0)
        {
            errors.Add("empty destination specified in comma-delimited list");
        }

        var addresses = RubySplit(text, '-');
        if (!addresses.All(NoLeadingZeros))
        {
            errors.Add("destination octets cannot contain leading zeros");
        }

        Target? target = null;
        if (addresses.Length == 1)
        {
            if (AddressParser.TryParseCidr(addresses[0], out var network))
            {
                target = new Target(network.ToString(), null, network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6);
            }
            else
            {
                errors.Add(InvalidDestination);
            }
        }
        else if (addresses.Length == 2)
        {
            if (!AddressParser.TryParseAddress(addresses[0], out var first) || !AddressParser.TryParseAddress(addresses[1], out var last) || first.AddressFamily != last.AddressFamily)
            {
                errors.Add("destination IP address range is invalid");
                return null;
            }

            if (AddressParser.Compare(first, last) > 0)
            {
                errors.Add("beginning of IP address range is numerically greater than the end of its range (range endpoints are inverted)");
            }

            target = new Target(null, $"{first}-{last}", first.AddressFamily == AddressFamily.InterNetworkV6);
        }
        else
        {
            errors.Add(InvalidDestination);
        }

        if (target is not null && (protocol, target.V6) is ("icmp", true) or ("icmpv6", false))
        {
            errors.Add($"for protocol \"{protocol}\" you cannot use IPv{(target.V6 ? 6 : 4)} addresses");
        }

        return target;
    }

    /// <summary>RuleValidator.no_leading_zeros_in_address: no IPv4 octet starts with 0 unless it is 0 (a prefix length is not an octet).</summary>
    private static bool NoLeadingZeros(string address) =>
        !address.Contains('.', StringComparison.Ordinal) || address.Split('.').All(octet =>
            !(octet.Length > 1 && octet[0] == '0') || (octet.Split('/') is { Length: >= 2 } parts && !(parts[0].Length > 1 && parts[0][0] == '0')));

    /// <summary>TransportRuleValidator.validate_port: a string holding one range (low &lt; high) or a comma list of ports, each in 1..65535.</summary>
    private static List<(int Min, int Max)> Ports(JsonNode? node, List<string> errors)
    {
        if (!Truthy(node))
        {
            errors.Add("ports are required for protocols of type TCP and UDP");
        }

        var text = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (text is null || text.Any(c => !(char.IsAsciiDigit(c) || char.IsWhiteSpace(c) || c is '-' or ',')))
        {
            errors.Add(InvalidPorts);
            return [];
        }

        var range = text.Split('-');
        if (range.Length == 2 && Port(range[0]) is { } low && Port(range[1]) is { } high)
        {
            if (low < high)
            {
                return [(low, high)];
            }

            errors.Add(InvalidPorts);
            return [];
        }

        var list = RubySplit(text, ',').Select(Port).ToList();
        if (range.Length == 1 && list.Count > 0 && list.All(p => p is not null))
        {
            return [.. list.Distinct().Select(p => (p!.Value, p.Value))];
        }

        errors.Add(InvalidPorts);
        return [];
    }

    private static int? Port(string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 ? port : null;

    /// <summary>ICMP type or code: required, and an integer in -1..255; a missing one earns both texts, as in CAPI.</summary>
    private static int IcmpValue(JsonObject rule, string name, List<string> errors)
    {
        var node = rule[name];
        if (!Truthy(node))
        {
            errors.Add($"{name} is required for protocols of type ICMP");
        }

        if (node?.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var value) && value is >= -1 and <= 255)
        {
            return value;
        }

        errors.Add($"{name} must be an integer between -1 and 255 (inclusive)");
        return -1;
    }
}
