using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Palisade.Core.Model;

namespace Palisade.Core.Validation;

/// <summary>
/// Validates and canonicalises a rule the way Neutron does (neutron/db/securitygroups_db.py: _validate_port_range, _validate_ip_prefix, _get_ip_proto_number):
/// ethertype is case-insensitive; <c>any</c> and protocol 0 mean every protocol; for IPv6, <c>icmp</c> becomes
/// <c>ipv6-icmp</c>; the full range 1–65535 means "no ports"; a bare IP becomes a host prefix.
/// Field names in errors are the API's snake_case names.
/// </summary>
public static class RuleValidator
{
    public const int MaxDescriptionLength = 255;
    public const int MaxGroupIdLength = 64;

    public static RuleValidation Validate(RuleDraft draft, string id, string groupId)
    {
        var errors = ImmutableArray.CreateBuilder<ValidationError>();

        var direction = ParseDirection(draft.Direction, errors);
        var etherType = ParseEtherType(draft.EtherType, errors);
        var protocol = ParseProtocol(draft.Protocol, etherType, errors);
        var (min, max) = ValidatePorts(draft.PortRangeMin, draft.PortRangeMax, protocol, errors);
        var remote = ParseRemote(draft, etherType, errors);

        var description = draft.Description ?? "";
        if (description.Length > MaxDescriptionLength)
        {
            errors.Add(new("description", $"must be at most {MaxDescriptionLength} characters (got {description.Length})."));
        }

        if (errors.Count > 0 || direction is null || etherType is null || protocol is null)
        {
            return new(null, errors.ToImmutable());
        }

        var rule = new SecurityGroupRule(id, groupId, direction.Value, etherType.Value, protocol.Value, min, max, remote, description, draft.Log);
        return new(rule, []);
    }

    private static Direction? ParseDirection(string? text, ImmutableArray<ValidationError>.Builder errors)
    {
        switch (text)
        {
            case "ingress":
                return Direction.Ingress;
            case "egress":
                return Direction.Egress;
            case null or "":
                errors.Add(new("direction", "is required: 'ingress' or 'egress'."));
                return null;
            default:
                errors.Add(new("direction", $"'{Truncate(text)}' is not a direction: use 'ingress' or 'egress'."));
                return null;
        }
    }

    private static EtherType? ParseEtherType(string? text, ImmutableArray<ValidationError>.Builder errors)
    {
        if (string.IsNullOrEmpty(text) || text.Equals("IPv4", StringComparison.OrdinalIgnoreCase))
        {
            return EtherType.IPv4;
        }

        if (text.Equals("IPv6", StringComparison.OrdinalIgnoreCase))
        {
            return EtherType.IPv6;
        }

        errors.Add(new("ethertype", $"'{Truncate(text)}' is not an ethertype: use 'IPv4' or 'IPv6'."));
        return null;
    }

    private static Protocol? ParseProtocol(string? text, EtherType? etherType, ImmutableArray<ValidationError>.Builder errors)
    {
        if (!Protocol.TryParse(text, out var protocol))
        {
            errors.Add(new("protocol", $"'{Truncate(text)}' is not a protocol: use a name such as tcp, udp, icmp, ipv6-icmp, sctp, a number 0-255, or 'any'."));
            return null;
        }

        if (protocol.Number == 0)
        {
            // Protocol 0 (also named ip and hopopt) is any protocol. Neutron's API reference (the
            // security group rule's protocol, neutron api-ref/source/v2/parameters.yaml) says "The
            // string any (or integer 0) means all IP protocols", and its iptables driver writes no
            // -p for 0, while its OVS and OVN drivers match only protocol 0, which no packet's L4
            // header carries. Every dialect validates here, so 0 is stored and shown as any
            // (docs/architecture.md, "Semantics decided").
            return Protocol.Any;
        }

        if (etherType == EtherType.IPv6 && protocol.Number == Protocol.Icmp)
        {
            // Neutron rewrites icmp (and 1) to ipv6-icmp for IPv6 rules: that is what the user means.
            return Protocol.Of(Protocol.IcmpV6);
        }

        if (etherType == EtherType.IPv4 && protocol.IsIPv6Only)
        {
            errors.Add(new("protocol", $"'{protocol}' exists only for IPv6; it cannot be used with ethertype IPv4."));
            return null;
        }

        return protocol;
    }

    private static (int? Min, int? Max) ValidatePorts(int? min, int? max, Protocol? protocol, ImmutableArray<ValidationError>.Builder errors)
    {
        if (min == 1 && max == 65535 && protocol is { IsIcmp: false })
        {
            // The whole range is no restriction at all (Neutron bug 1848213); store it as "no ports".
            return (null, null);
        }

        if (min is null && max is null)
        {
            return (null, null);
        }

        if (protocol is null)
        {
            return (min, max); // the protocol error is already reported
        }

        var p = protocol.Value;
        if (p.IsAny)
        {
            errors.Add(new(min is not null ? "port_range_min" : "port_range_max", "ports need a protocol: set protocol to tcp, udp, sctp, dccp, udplite, icmp or ipv6-icmp."));
        }
        else if (p.HasPorts)
        {
            if (min is null || max is null)
            {
                errors.Add(new(min is null ? "port_range_min" : "port_range_max", $"is required when the other end of the port range is set (for {p} set both, e.g. 80 and 80)."));
            }
            else if (min is < 1 or > 65535)
            {
                errors.Add(new("port_range_min", $"{min} is not a port: use 1-65535."));
            }
            else if (max is < 1 or > 65535)
            {
                errors.Add(new("port_range_max", $"{max} is not a port: use 1-65535."));
            }
            else if (min > max)
            {
                errors.Add(new("port_range_min", $"{min} is greater than port_range_max {max}."));
            }
        }
        else if (p.IsIcmp)
        {
            if (min is null)
            {
                errors.Add(new("port_range_max", $"ICMP code {max} is given but the ICMP type (port_range_min) is missing."));
            }
            else if (min is < 0 or > 255)
            {
                errors.Add(new("port_range_min", $"ICMP type {min} is out of range: use 0-255."));
            }

            if (max is < 0 or > 255)
            {
                errors.Add(new("port_range_max", $"ICMP code {max} is out of range: use 0-255."));
            }
        }
        else
        {
            errors.Add(new(min is not null ? "port_range_min" : "port_range_max", $"protocol {p} has no ports; ports apply to tcp, udp, sctp, dccp and udplite, type/code to icmp and ipv6-icmp."));
        }

        return (min, max);
    }

    private static Remote? ParseRemote(RuleDraft draft, EtherType? etherType, ImmutableArray<ValidationError>.Builder errors)
    {
        var given = new[] { draft.RemoteIpPrefix, draft.RemoteIpRange, draft.RemoteGroupId, draft.RemoteAddressGroupId }.Count(r => !string.IsNullOrEmpty(r));
        if (given > 1)
        {
            errors.Add(new("remote_ip_prefix", "only one of remote_ip_prefix, remote_ip_range, remote_group_id or remote_address_group_id may be given."));
            return null;
        }

        if (!string.IsNullOrEmpty(draft.RemoteIpPrefix))
        {
            return ParsePrefix(draft.RemoteIpPrefix, etherType, errors);
        }

        if (!string.IsNullOrEmpty(draft.RemoteIpRange))
        {
            return ParseRange(draft.RemoteIpRange, etherType, errors);
        }

        if (!string.IsNullOrEmpty(draft.RemoteGroupId))
        {
            if (draft.RemoteGroupId.Length > MaxGroupIdLength)
            {
                errors.Add(new("remote_group_id", $"is not a group id (longer than {MaxGroupIdLength} characters)."));
                return null;
            }

            return new Remote.Group(draft.RemoteGroupId);
        }

        if (!string.IsNullOrEmpty(draft.RemoteAddressGroupId))
        {
            if (draft.RemoteAddressGroupId.Length > MaxGroupIdLength)
            {
                errors.Add(new("remote_address_group_id", $"is not an address group id (longer than {MaxGroupIdLength} characters)."));
                return null;
            }

            // An address group may hold CIDRs of both families; the rule uses those of its ethertype.
            return new Remote.AddressGroup(draft.RemoteAddressGroupId);
        }

        return null;
    }

    private static Remote.Prefix? ParsePrefix(string text, EtherType? etherType, ImmutableArray<ValidationError>.Builder errors)
    {
        if (!AddressParser.TryParseCidr(text, out var network))
        {
            errors.Add(new("remote_ip_prefix", $"'{Truncate(text)}' is not a CIDR such as 203.0.113.0/24 or 2001:db8::/32."));
            return null;
        }

        var family = FamilyOf(network.BaseAddress);
        if (etherType is not null && family != etherType)
        {
            errors.Add(new("remote_ip_prefix", $"{text} is an {family} prefix but the rule's ethertype is {etherType}."));
            return null;
        }

        // A /0 prefix is "any address", which a rule without a remote already says.
        return network.PrefixLength == 0 ? null : new Remote.Prefix(network, text.Contains('/', StringComparison.Ordinal) ? text : network.ToString());
    }

    private static Remote.Range? ParseRange(string text, EtherType? etherType, ImmutableArray<ValidationError>.Builder errors)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || !AddressParser.TryParseAddress(text[..dash].Trim(), out var first) || !AddressParser.TryParseAddress(text[(dash + 1)..].Trim(), out var last))
        {
            errors.Add(new("remote_ip_range", $"'{Truncate(text)}' is not a range such as 198.51.100.10-198.51.100.20."));
            return null;
        }

        if (first.AddressFamily != last.AddressFamily)
        {
            errors.Add(new("remote_ip_range", $"{text} mixes IPv4 and IPv6 addresses."));
            return null;
        }

        if (AddressParser.Compare(first, last) > 0)
        {
            errors.Add(new("remote_ip_range", $"{text} starts after it ends: the first address must not be greater than the last."));
            return null;
        }

        var family = FamilyOf(first);
        if (etherType is not null && family != etherType)
        {
            errors.Add(new("remote_ip_range", $"{text} is an {family} range but the rule's ethertype is {etherType}."));
            return null;
        }

        return new Remote.Range(first, last);
    }

    internal static EtherType FamilyOf(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? EtherType.IPv6 : EtherType.IPv4;

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 64 ? text : text[..64] + "…";
}
