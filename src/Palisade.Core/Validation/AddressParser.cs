using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Palisade.Core.Validation;

/// <summary>
/// Strict address and CIDR parsing. <see cref="IPAddress.TryParse(string, out IPAddress)"/> accepts
/// inet_aton forms such as <c>256</c> or <c>10.1</c>; clients mean none of those, so IPv4 must be a
/// dotted quad (Neutron refuses <c>256</c> and <c>192.168.1./24</c> too).
/// </summary>
public static class AddressParser
{
    public static bool TryParseAddress(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(text) || text.Length > 45)
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            // Zone ids (fe80::1%eth0) name an interface, not an address a rule can match.
            if (text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6;
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3 || !byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>
    /// Parses <c>address/length</c>, or a bare address as a host route (/32 or /128). The result is
    /// normalized (host bits cleared), so <c>10.0.0.34/24</c> gives <c>10.0.0.0/24</c>.
    /// </summary>
    public static bool TryParseCidr(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParseAddress(addressText, out var address))
        {
            return false;
        }

        var maxLength = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = maxLength;
        if (slash >= 0)
        {
            var lengthText = text[(slash + 1)..];
            if (lengthText.Length is 0 or > 3 || !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > maxLength)
            {
                return false;
            }
        }

        network = new IPNetwork(Mask(address, length), length);
        return true;
    }

    /// <summary>The address with every bit after <paramref name="prefixLength"/> cleared.</summary>
    public static IPAddress Mask(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }

    /// <summary>Compares two addresses of one family as unsigned big-endian numbers.</summary>
    public static int Compare(IPAddress left, IPAddress right)
    {
        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        left.TryWriteBytes(a, out var lengthA);
        right.TryWriteBytes(b, out var lengthB);
        return lengthA != lengthB ? lengthA.CompareTo(lengthB) : a[..lengthA].SequenceCompareTo(b[..lengthB]);
    }
}
