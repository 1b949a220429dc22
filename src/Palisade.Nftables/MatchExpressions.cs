using System.Globalization;
using Palisade.Core.Model;

namespace Palisade.Nftables;

/// <summary>
/// nft match expressions for the protocol and port part of a rule or platform policy, reproducing
/// <c>FlowMatching.ProtocolAndPortsMatch</c>: any protocol matches everything; port protocols compare
/// the destination port with [min, max ?? min]; ICMP compares type (min) and code (max, null = any);
/// other protocols ignore the port fields.
/// </summary>
internal static class MatchExpressions
{
    /// <summary>
    /// The expression, empty for any protocol, or null when nothing can match (a reversed port range,
    /// an ICMP type past 255): the classifier never matches such a rule, so it is not rendered.
    /// <paramref name="v6"/> is the family when the caller knows it (rules), null when it does not
    /// (platform policies), in which case ICMP type and code are read from the transport header
    /// directly so the match holds for either family, as the classifier's does.
    /// </summary>
    public static string? Protocol(Protocol protocol, int? min, int? max, bool? v6)
    {
        if (protocol.Number is not { } number)
        {
            return string.Empty;
        }

        if (protocol.HasPorts)
        {
            var name = protocol.ToString();
            if (min is not { } low)
            {
                return $"meta l4proto {name}";
            }

            var high = max ?? low;
            if (low < 0 || high > 65535 || high < low)
            {
                return null;
            }

            var ports = low == high ? Invariant(low) : $"{Invariant(low)}-{Invariant(high)}";
            return number is Core.Model.Protocol.Tcp or Core.Model.Protocol.Udp or Core.Model.Protocol.Sctp
                ? $"{name} dport {ports}"
                : $"meta l4proto {name} th dport {ports}";
        }

        if (protocol.IsIcmp)
        {
            var name = number == Core.Model.Protocol.Icmp ? "icmp" : "icmpv6";
            if (min is not { } type)
            {
                return $"meta l4proto {(number == Core.Model.Protocol.Icmp ? "icmp" : "ipv6-icmp")}";
            }

            if (type is < 0 or > 255 || max is < 0 or > 255)
            {
                return null;
            }

            // icmp/icmpv6 type carry a family dependency in nft; the raw form does not.
            var nativeFamily = number == Core.Model.Protocol.IcmpV6;
            if (v6 == nativeFamily)
            {
                return max is { } code
                    ? $"{name} type {Invariant(type)} {name} code {Invariant(code)}"
                    : $"{name} type {Invariant(type)}";
            }

            var raw = $"meta l4proto {Invariant(number)} @th,0,8 {Invariant(type)}";
            return max is { } rawCode ? $"{raw} @th,8,8 {Invariant(rawCode)}" : raw;
        }

        return $"meta l4proto {Invariant(number)}";
    }

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
