using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Model;
using Palisade.Core.Validation;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// A <c>security_group_rule</c> body checked in Neutron's order and with Neutron's error types and
/// texts (research/neutron.md §1.3–1.6), which clients and tempest match on. What passes becomes a
/// <see cref="RuleDraft"/> that Core's validator, the one judge of rules, checks again.
/// </summary>
internal static class NeutronRuleRequest
{
    public static readonly IReadOnlySet<string> Attributes = new HashSet<string>
    {
        "security_group_id", "direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix",
        "remote_group_id", "remote_address_group_id", "description", "project_id", "tenant_id",
    };

    /// <summary>What a rule has but a client may not set.</summary>
    public static readonly IReadOnlySet<string> ReadOnly = new HashSet<string> { "id", "normalized_cidr", "belongs_to_default_sg", "created_at", "updated_at", "revision_number" };

    /// <summary>
    /// What a rule filter's value goes through, the attribute's <c>convert_to</c> in
    /// neutron/extensions/securitygroup.py: ethertype in any case, protocol names in any case
    /// (<c>any</c> is a rule without one), ports as numbers, a prefix as Neutron keeps it
    /// (<c>10.0.0.1</c> is <c>10.0.0.1/32</c>). A value the body would refuse is refused the same way.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Func<string, string>> FilterConverters = new Dictionary<string, Func<string, string>>
    {
        ["ethertype"] = value => Ethertype(value),
        ["protocol"] = value => FilterProtocol(value),
        ["port_range_min"] = value => Port(new JsonObject { ["port_range_min"] = value }, "port_range_min")?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["port_range_max"] = value => Port(new JsonObject { ["port_range_max"] = value }, "port_range_max")?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["remote_ip_prefix"] = value => AddressParser.TryParseCidr(value, out _)
            ? Apis.RuleMapping.PrefixAsGiven(value, null)!
            : throw NeutronErrors.BadRequest("InvalidCIDR", $"Invalid CIDR {value} given as IP prefix."),
    };

    /// <summary>
    /// A protocol filter as the rules are shown: protocol 0 (also ip, hopopt) is stored and shown as
    /// any (RuleValidator; docs/architecture.md, "Semantics decided"), so it filters as any does.
    /// </summary>
    private static string FilterProtocol(string value) =>
        Protocol(new JsonObject { ["protocol"] = value }) is { } text && !(Core.Model.Protocol.TryParse(text, out var parsed) && parsed.Number == 0)
            ? text
            : "";

    private static readonly HashSet<string> PortProtocols = ["tcp", "udp", "sctp", "dccp", "udplite", "6", "17", "132", "33", "136"];

    private static readonly HashSet<string> IcmpProtocols = ["icmp", "ipv6-icmp", "icmpv6", "1", "58"];

    public static (string GroupId, RuleDraft Draft) Parse(JsonObject item)
    {
        var groupId = NeutronBody.String(item, "security_group_id", 36)
            ?? throw NeutronErrors.BadRequest("HTTPBadRequest", "Failed to parse request. Required attribute 'security_group_id' not specified");
        var direction = NeutronBody.String(item, "direction")
            ?? throw NeutronErrors.BadRequest("HTTPBadRequest", "Failed to parse request. Required attribute 'direction' not specified");
        if (direction is not ("ingress" or "egress"))
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", $"Invalid input for direction. Reason: '{direction}' is not in ['ingress', 'egress'].");
        }

        var ethertype = Ethertype(NeutronBody.String(item, "ethertype") ?? "IPv4");

        var protocol = Protocol(item);
        if (ethertype == "IPv6" && protocol is "icmp" or "icmpv6" or "1")
        {
            protocol = protocol == "1" ? "58" : "ipv6-icmp";
        }

        var min = Port(item, "port_range_min");
        var max = Port(item, "port_range_max");
        if (min == 1 && max == 65535)
        {
            (min, max) = (null, null);
        }

        CheckPorts(protocol, min, max);
        var prefix = NeutronBody.String(item, "remote_ip_prefix");
        var remoteGroup = NeutronBody.String(item, "remote_group_id");
        var addressGroup = NeutronBody.String(item, "remote_address_group_id");

        if (prefix is not null)
        {
            if (!AddressParser.TryParseCidr(prefix, out var network))
            {
                throw NeutronErrors.BadRequest("InvalidCIDR", $"Invalid CIDR {prefix} given as IP prefix.");
            }

            var family = network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
            if (family != ethertype)
            {
                throw NeutronErrors.BadRequest("SecurityGroupRuleParameterConflict", $"Conflicting value ethertype {ethertype} for CIDR {prefix}");
            }
        }

        if (ethertype == "IPv4" && protocol is "ipv6-encap" or "ipv6-frag" or "ipv6-icmp" or "icmpv6" or "ipv6-nonxt" or "ipv6-opts" or "ipv6-route" or "41" or "44" or "58" or "59" or "60" or "43")
        {
            throw NeutronErrors.BadRequest("SecurityGroupEthertypeConflictWithProtocol", $"Invalid ethertype {ethertype} for protocol {protocol}.");
        }

        if (new[] { prefix, remoteGroup, addressGroup }.Count(r => r is not null) > 1)
        {
            throw NeutronErrors.BadRequest("SecurityGroupMultipleRemoteEntites", "Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.");
        }

        var description = NeutronBody.String(item, "description") ?? "";
        return (groupId, new RuleDraft(direction, ethertype, protocol, min, max, prefix, null, remoteGroup, description, RemoteAddressGroupId: addressGroup));
    }

    /// <summary>Neutron's <c>convert_ethertype_to_case_insensitive</c>.</summary>
    private static string Ethertype(string text) => text.ToLowerInvariant() switch
    {
        "ipv4" => "IPv4",
        "ipv6" => "IPv6",
        _ => throw NeutronErrors.BadRequest("SecurityGroupRuleInvalidEtherType", $"Security group rule for ethertype '{text}' not supported. Allowed values are ['IPv4', 'IPv6']."),
    };

    private static string? Protocol(JsonObject item)
    {
        var node = item["protocol"];
        var text = node switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) => n.ToString(CultureInfo.InvariantCulture),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().ToLowerInvariant(),
            _ => "\u0000",
        };
        if (text is null or "any")
        {
            return null;
        }

        return Core.Model.Protocol.TryParse(text, out _) && !text.StartsWith('+') && !text.StartsWith('-')
            ? text
            : throw NeutronErrors.BadRequest("SecurityGroupRuleInvalidProtocol",
                $"Security group rule protocol {node?.ToJsonString().Trim('"')} not supported. Only protocol values [None, 'ah', 'dccp', 'egp', 'esp', 'gre', 'hopopt', 'icmp', 'igmp', 'ip', 'ipip', 'ipv6-encap', 'ipv6-frag', 'ipv6-icmp', 'icmpv6', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route', 'ospf', 'pgm', 'rsvp', 'sctp', 'tcp', 'udp', 'udplite', 'vrrp'] and integer representations [0 to 255] are supported.");
    }

    /// <summary>
    /// Neutron's converter (convert_validate_port_value) takes any port 0–65535, as a number or a
    /// numeric string, whatever the protocol; ICMP's narrower 0–255 is checked later.
    /// </summary>
    private static int? Port(JsonObject item, string name)
    {
        var node = item[name];
        int? value = node switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) => n,
            JsonValue v when v.GetValueKind() == JsonValueKind.String && int.TryParse(v.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw InvalidPort(node.ToJsonString().Trim('"')),
        };
        return value is null or (>= 0 and <= 65535) ? value : throw InvalidPort(value.Value.ToString(CultureInfo.InvariantCulture));
    }

    private static Infrastructure.ApiException InvalidPort(string port) => NeutronErrors.BadRequest("SecurityGroupInvalidPortValue", $"Invalid value for port {port}");

    private static void CheckPorts(string? protocol, int? min, int? max)
    {
        if (min is null && max is null)
        {
            return;
        }

        if (protocol is null)
        {
            throw NeutronErrors.BadRequest("SecurityGroupProtocolRequiredWithPorts", "Must also specify protocol if port range is given.");
        }

        if (PortProtocols.Contains(protocol))
        {
            foreach (var port in new[] { min, max })
            {
                if (port is 0)
                {
                    throw InvalidPort("0");
                }
            }

            if (min is null || max is null || min > max)
            {
                throw NeutronErrors.BadRequest("SecurityGroupInvalidPortRange", "For TCP/UDP protocols, port_range_min must be <= port_range_max");
            }

            return;
        }

        if (IcmpProtocols.Contains(protocol))
        {
            if (min is { } type && type is < 0 or > 255)
            {
                throw NeutronErrors.BadRequest("SecurityGroupInvalidIcmpValue", $"Invalid value for ICMP type (port_range_min) {type}. It must be 0 to 255.");
            }

            if (max is { } code && code is < 0 or > 255)
            {
                throw NeutronErrors.BadRequest("SecurityGroupInvalidIcmpValue", $"Invalid value for ICMP code (port_range_max) {code}. It must be 0 to 255.");
            }

            if (min is null && max is { } orphan)
            {
                throw NeutronErrors.BadRequest("SecurityGroupMissingIcmpType", $"ICMP code (port-range-max) {orphan} is provided but ICMP type (port-range-min) is missing.");
            }

            return;
        }

        throw NeutronErrors.BadRequest("SecurityGroupInvalidProtocolForPort", $"Invalid protocol {protocol} for port range, only supported for TCP, UDP, UDPLITE, SCTP, DCCP and ICMP protocols");
    }
}
