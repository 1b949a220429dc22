using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Palisade.Core.Validation;

namespace Palisade.Server.Compat.CloudStack;

/// <summary>
/// The parameters of authorizeSecurityGroupIngress/Egress checked as
/// <c>SecurityGroupManagerImpl.authorizeSecurityGroupRule</c> checks them, with its texts
/// (research/cf_cloudstack.md §B3). One call makes a rule per CIDR and per referenced group; a
/// referenced group is carried by name in <see cref="RuleDraft.RemoteGroupId"/> until it is resolved.
/// </summary>
internal static partial class AuthorizeRequest
{
    public static List<RuleDraft> Parse(IReadOnlyDictionary<string, string> parameters, string direction)
    {
        string? Get(string name) => parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        var cidrs = Get("cidrlist")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var groups = GroupList(parameters);
        if (cidrs.Length == 0 && groups.Count == 0)
        {
            throw CsException.Invalid("At least one cidr or at least one security group needs to be specified");
        }

        var networks = cidrs.Select(cidr => cidr.Contains('/', StringComparison.Ordinal) && AddressParser.TryParseCidr(cidr, out var network)
            ? network
            : throw CsException.Invalid($"Invalid cidr {cidr}")).ToList();

        var protocol = (Get("protocol") ?? "all").Trim().ToLowerInvariant();
        int? start = Number(Get("startport"), "startport");
        int? end = Number(Get("endport"), "endport");
        int? icmpType = Number(Get("icmptype"), "icmptype");
        int? icmpCode = Number(Get("icmpcode"), "icmpcode");
        if (int.TryParse(protocol, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (number == 1)
            {
                (protocol, icmpType, icmpCode) = ("icmp", -1, -1);
            }
            else if (number is < 0 or > 255)
            {
                throw CsException.Invalid($"Invalid protocol number: {number}");
            }
        }
        else if (protocol is not ("tcp" or "udp" or "icmp" or "all"))
        {
            throw CsException.Invalid($"Invalid protocol {protocol}");
        }

        (string? Protocol, int? Min, int? Max) shape = protocol switch
        {
            "icmp" => Icmp(icmpType, icmpCode),
            "all" when start is not null || end is not null => throw CsException.Invalid("Cannot specify startPort or endPort without specifying protocol"),
            "all" => (null, null, null),
            "tcp" or "udp" => Ports(protocol, start, end),
            _ => (protocol, null, null), // other numbers: CloudStack ignores ports
        };

        var drafts = networks.Select(network =>
        {
            var v6 = network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6;
            return new RuleDraft(direction, v6 ? "IPv6" : "IPv4", shape.Protocol == "icmp" && v6 ? "ipv6-icmp" : shape.Protocol, shape.Min, shape.Max, network.ToString());
        }).ToList();
        drafts.AddRange(groups.Select(group => new RuleDraft(direction, "IPv4", shape.Protocol, shape.Min, shape.Max, RemoteGroupId: group)));
        return drafts;
    }

    private static (string?, int?, int?) Icmp(int? type, int? code)
    {
        if (type is null || code is null)
        {
            throw CsException.Invalid($"Invalid ICMP type/code specified, icmpType = {type}, icmpCode = {code}");
        }

        if (type is < -1 or > 255 || code is < -1 or > 255)
        {
            throw CsException.Invalid($"Invalid ICMP type/code specified, icmpType = {type}, icmpCode = {code}");
        }

        if (type == -1 && code != -1)
        {
            throw CsException.Invalid("Invalid icmp code");
        }

        if (type != -1 && code == -1)
        {
            throw CsException.Invalid("Invalid icmp code: need non-negative icmp code ");
        }

        return type == -1 ? ("icmp", null, null) : ("icmp", type, code);
    }

    private static (string?, int?, int?) Ports(string protocol, int? start, int? end)
    {
        if (start is null || end is null || start is < 0 or > 65535 || end is < 0 or > 65535)
        {
            throw CsException.Invalid($"Invalid port range specified, startPort = {start}, endPort = {end}");
        }

        if (start > end)
        {
            throw CsException.Invalid($"Invalid port range {start}:{end}");
        }

        // 0/0 is CloudStack's whole range; Palisade's ports start at 1.
        return start == 0 && end == 0 ? (protocol, null, null) : (protocol, Math.Max(1, start.Value), end);
    }

    private static int? Number(string? text, string name) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw CsException.Invalid($"Unable to execute API command due to invalid value. Invalid parameter {name} value={text} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.");

    /// <summary>usersecuritygrouplist[i].account and .group, both required for each i.</summary>
    private static List<string> GroupList(IReadOnlyDictionary<string, string> parameters)
    {
        var entries = parameters
            .Select(p => (Match: GroupEntry().Match(p.Key), p.Value))
            .Where(e => e.Match.Success)
            .GroupBy(e => e.Match.Groups[1].Value)
            .ToList();
        var groups = new List<string>();
        foreach (var entry in entries)
        {
            var group = entry.FirstOrDefault(e => e.Match.Groups[2].Value.Equals("group", StringComparison.OrdinalIgnoreCase)).Value;
            var account = entry.FirstOrDefault(e => e.Match.Groups[2].Value.Equals("account", StringComparison.OrdinalIgnoreCase)).Value;
            if (string.IsNullOrEmpty(group) || string.IsNullOrEmpty(account))
            {
                throw CsException.Invalid("Invalid user group specified, fields 'group' and 'account' cannot be null, please specify groups in the form: userGroupList[0].group=XXX&userGroupList[0].account=YYY");
            }

            groups.Add(group);
        }

        return groups;
    }

    [GeneratedRegex(@"^usersecuritygrouplist\[(\d+)\]\.(\w+)$", RegexOptions.IgnoreCase)]
    private static partial Regex GroupEntry();
}
