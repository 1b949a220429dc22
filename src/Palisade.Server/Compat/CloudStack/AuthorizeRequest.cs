using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Palisade.Core.Validation;

namespace Palisade.Server.Compat.CloudStack;

/// <summary>
/// The parameters of authorizeSecurityGroupIngress/Egress, read as CloudStack's parameter processor
/// reads them (<see cref="Read"/>: numbers must be numbers) and then, once the group is found,
/// checked as <c>SecurityGroupManagerImpl.authorizeSecurityGroupRule</c> checks them, in its order
/// and with its texts (<see cref="Check"/>; research/cf_cloudstack.md §B3). One call makes a rule
/// per CIDR and per referenced group.
/// </summary>
internal sealed partial record AuthorizeRequest(
    string[] Cidrs,
    IReadOnlyList<(string? Group, string? Account)> Groups,
    string Protocol,
    int? StartPort,
    int? EndPort,
    int? IcmpType,
    int? IcmpCode)
{
    /// <summary>What CloudStack stores (protocol, start port or type, end port or code) and what Palisade makes of it.</summary>
    public sealed record Shape(string CsProtocol, int StartOrType, int EndOrCode, string? Protocol, int? Min, int? Max);

    public static AuthorizeRequest Read(IReadOnlyDictionary<string, string> parameters, string command)
    {
        string? Get(string name) => parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        int? Number(string name) =>
            Get(name) is not { } text ? null
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : throw CsException.NotANumber(command, name, text);

        return new AuthorizeRequest(
            Get("cidrlist")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            GroupList(parameters),
            Get("protocol") ?? "all",
            Number("startport"),
            Number("endport"),
            Number("icmptype"),
            Number("icmpcode"));
    }

    /// <summary>Everything authorizeSecurityGroupRule checks after finding the group and before resolving referenced groups.</summary>
    public Shape Check()
    {
        if (Cidrs.Length == 0 && Groups.Count == 0)
        {
            throw CsException.Invalid("At least one cidr or at least one security group needs to be specified");
        }

        if (Cidrs.FirstOrDefault(cidr => !IsCidr(cidr)) is { } invalid)
        {
            throw CsException.Invalid($"Invalid cidr {invalid}");
        }

        var protocol = Protocol.Trim().ToLowerInvariant();
        var (type, code) = (IcmpType, IcmpCode);
        if (protocol.All(char.IsAsciiDigit) && int.TryParse(protocol, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (number == 1)
            {
                (protocol, type, code) = ("icmp", -1, -1);
            }
            else if (number > 255)
            {
                throw CsException.Invalid($"Invalid protocol number: {number}");
            }
        }
        else if (protocol is not ("tcp" or "udp" or "icmp" or "all"))
        {
            throw CsException.Invalid($"Invalid protocol {protocol}");
        }

        var shape = protocol switch
        {
            "icmp" => Icmp(type, code),
            "all" when StartPort is not null || EndPort is not null => throw CsException.Invalid("Cannot specify startPort or endPort without specifying protocol"),
            "all" => new Shape("all", 0, 0, null, null, null),
            "tcp" or "udp" => Ports(protocol, StartPort, EndPort),
            _ => new Shape(protocol, 0, 0, protocol, null, null), // other numbers: CloudStack ignores ports
        };

        if (Groups.Any(g => g.Group is null || g.Account is null))
        {
            throw CsException.Invalid("Invalid user group specified, fields 'group' and 'account' cannot be null, please specify groups in the form:  userGroupList[0].group=XXX&userGroupList[0].account=YYY");
        }

        return shape;
    }

    /// <summary>One rule per CIDR; the protocol of an IPv6 ICMP rule is Palisade's ipv6-icmp.</summary>
    public IEnumerable<RuleDraft> CidrDrafts(Shape shape, string direction) => Cidrs.Select(cidr =>
    {
        AddressParser.TryParseCidr(cidr, out var network);
        var v6 = network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6;
        return new RuleDraft(direction, v6 ? "IPv6" : "IPv4", shape.Protocol == "icmp" && v6 ? "ipv6-icmp" : shape.Protocol, shape.Min, shape.Max, network.ToString());
    });

    /// <summary>NetUtils.isValidIp4Cidr/isValidIp6Cidr: an address with a prefix length; a bare address is not a CIDR.</summary>
    private static bool IsCidr(string cidr) => cidr.Contains('/', StringComparison.Ordinal) && AddressParser.TryParseCidr(cidr, out _);

    private static Shape Icmp(int? type, int? code)
    {
        if (type is null || code is null)
        {
            throw CsException.Invalid($"Invalid ICMP type/code specified, icmpType = {Java(type)}, icmpCode = {Java(code)}");
        }

        if (type == -1 && code != -1)
        {
            throw CsException.Invalid("Invalid icmp code");
        }

        if (type != -1 && code == -1)
        {
            throw CsException.Invalid("Invalid icmp code: need non-negative icmp code ");
        }

        if (type is < -1 or > 255 || code is < -1 or > 255)
        {
            throw CsException.Invalid("Invalid icmp type/code ");
        }

        return type == -1 ? new Shape("icmp", -1, -1, "icmp", null, null) : new Shape("icmp", type.Value, code.Value, "icmp", type, code);
    }

    private static Shape Ports(string protocol, int? start, int? end)
    {
        if (start is null || end is null)
        {
            throw CsException.Invalid($"Invalid port range specified, startPort = {Java(start)}, endPort = {Java(end)}");
        }

        // 0/0 is CloudStack's whole range.
        var whole = start == 0 && end == 0;
        end = whole ? 65535 : end;
        if (start > end)
        {
            throw CsException.Invalid($"Invalid port range {start}:{end}");
        }

        if (start > 65535 || end > 65535 || start < -1 || end < -1)
        {
            throw CsException.Invalid($"Invalid port numbers {start}:{end}");
        }

        if (start < 0 || end < 0)
        {
            throw CsException.Invalid($"Invalid port range {start}:{end}");
        }

        // Palisade's ports start at 1; CloudStack's port 0 is never a real port.
        return whole ? new Shape(protocol, 0, 65535, protocol, null, null) : new Shape(protocol, start.Value, end.Value, protocol, Math.Max(1, start.Value), end);
    }

    /// <summary>CloudStack's texts are Java's string concatenation, which prints a missing value as null.</summary>
    private static string Java(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";

    /// <summary>usersecuritygrouplist[i].account and .group, as CloudStack's map parameter gathers them.</summary>
    private static List<(string? Group, string? Account)> GroupList(IReadOnlyDictionary<string, string> parameters) =>
    [
        .. parameters
            .Select(p => (Match: GroupEntry().Match(p.Key), p.Value))
            .Where(e => e.Match.Success)
            .GroupBy(e => e.Match.Groups[1].Value)
            .Select(entry => (
                Group: entry.FirstOrDefault(e => e.Match.Groups[2].Value.Equals("group", StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } group ? group : null,
                Account: entry.FirstOrDefault(e => e.Match.Groups[2].Value.Equals("account", StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } account ? account : null)),
    ];

    [GeneratedRegex(@"^usersecuritygrouplist\[(\d+)\]\.(\w+)$", RegexOptions.IgnoreCase)]
    private static partial Regex GroupEntry();
}
