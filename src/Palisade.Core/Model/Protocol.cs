using System.Collections.Frozen;
using System.Globalization;

namespace Palisade.Core.Model;

/// <summary>
/// An IP protocol number, or any protocol (<c>default</c>). Names follow Neutron's
/// <c>IP_PROTOCOL_MAP</c>, so <c>tcp</c> and <c>6</c> are the same protocol.
/// </summary>
public readonly record struct Protocol
{
    public const byte Icmp = 1;
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte Dccp = 33;
    public const byte IcmpV6 = 58;
    public const byte Sctp = 132;
    public const byte UdpLite = 136;

    private readonly byte number;
    private readonly bool specific;

    private Protocol(byte number)
    {
        this.number = number;
        specific = true;
    }

    public static Protocol Any => default;

    public static Protocol Of(byte number) => new(number);

    /// <summary>The protocol number, or null for any protocol.</summary>
    public byte? Number => specific ? number : null;

    public bool IsAny => !specific;

    /// <summary>TCP, UDP, SCTP, DCCP and UDP-Lite carry ports; a rule may restrict them.</summary>
    public bool HasPorts => specific && number is Tcp or Udp or Sctp or Dccp or UdpLite;

    /// <summary>ICMP and ICMPv6 rules use the port fields as type and code.</summary>
    public bool IsIcmp => specific && number is Icmp or IcmpV6;

    /// <summary>Protocols that exist only for IPv6; an IPv4 rule naming one is refused.</summary>
    public bool IsIPv6Only => specific && number is 41 or 43 or 44 or IcmpV6 or 59 or 60;

    private static readonly FrozenDictionary<string, byte> ByName = new Dictionary<string, byte>
    {
        ["ah"] = 51, ["dccp"] = Dccp, ["egp"] = 8, ["esp"] = 50, ["gre"] = 47, ["hopopt"] = 0,
        ["icmp"] = Icmp, ["igmp"] = 2, ["ip"] = 0, ["ipip"] = 4, ["ipv6-encap"] = 41,
        ["ipv6-frag"] = 44, ["ipv6-icmp"] = IcmpV6, ["icmpv6"] = IcmpV6, ["ipv6-nonxt"] = 59,
        ["ipv6-opts"] = 60, ["ipv6-route"] = 43, ["ospf"] = 89, ["pgm"] = 113, ["rsvp"] = 46,
        ["sctp"] = Sctp, ["tcp"] = Tcp, ["udp"] = Udp, ["udplite"] = UdpLite, ["vrrp"] = 112,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<byte, string> CanonicalNames = new Dictionary<byte, string>
    {
        [51] = "ah", [Dccp] = "dccp", [8] = "egp", [50] = "esp", [47] = "gre", [Icmp] = "icmp",
        [2] = "igmp", [4] = "ipip", [41] = "ipv6-encap", [44] = "ipv6-frag", [IcmpV6] = "ipv6-icmp",
        [59] = "ipv6-nonxt", [60] = "ipv6-opts", [43] = "ipv6-route", [89] = "ospf", [113] = "pgm",
        [46] = "rsvp", [Sctp] = "sctp", [Tcp] = "tcp", [Udp] = "udp", [UdpLite] = "udplite", [112] = "vrrp",
    }.ToFrozenDictionary();

    /// <summary>
    /// Parses a protocol name (case-insensitive), a number 0–255, or <c>any</c> / empty / null for
    /// any protocol. Returns false for anything else.
    /// </summary>
    public static bool TryParse(string? text, out Protocol protocol)
    {
        protocol = Any;
        if (string.IsNullOrWhiteSpace(text) || text.Equals("any", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (ByName.TryGetValue(text.Trim(), out var known))
        {
            protocol = new Protocol(known);
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 255)
        {
            protocol = new Protocol((byte)value);
            return true;
        }

        return false;
    }

    /// <summary>The canonical name (<c>tcp</c>, <c>ipv6-icmp</c>), the number for unnamed protocols, or <c>any</c>.</summary>
    public override string ToString() =>
        !specific ? "any" : CanonicalNames.TryGetValue(number, out var name) ? name : number.ToString(CultureInfo.InvariantCulture);
}
