using System.Net;
using System.Net.Sockets;
using Palisade.Core.Validation;

namespace Palisade.Core.Model;

/// <summary>
/// An inclusive address range as the fewest CIDR blocks that hold exactly its addresses, no more
/// (the usual range-to-prefix split, as Python's <c>ipaddress.summarize_address_range</c>): from the
/// range's first address, each block is the largest one aligned there that does not pass the last.
/// An API that cannot state a range shows this exact cover of it, never a wider prefix.
/// </summary>
public static class RangeCover
{
    /// <summary>The cover of a stored range, <c>first-last</c> (<see cref="Remote.Range"/>'s text); null for text that is not one.</summary>
    public static IReadOnlyList<IPNetwork>? OfText(string range)
    {
        var dash = range.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && AddressParser.TryParseAddress(range[..dash], out var first) && AddressParser.TryParseAddress(range[(dash + 1)..], out var last)
            && first.AddressFamily == last.AddressFamily && AddressParser.Compare(first, last) <= 0
            ? Networks(first, last)
            : null;
    }

    public static IReadOnlyList<IPNetwork> Networks(IPAddress first, IPAddress last)
    {
        var bits = first.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var (low, high) = (Value(first), Value(last));
        var networks = new List<IPNetwork>();
        while (low <= high)
        {
            // The largest aligned block at low: as many trailing zero bits as low has (all of them for 0) ...
            var size = low == 0 ? bits : (int)UInt128.TrailingZeroCount(low);
            size = Math.Min(size, bits);

            // ... and no more addresses than are left in the range.
            while (size > 0 && high - low < LastOffset(size))
            {
                size--;
            }

            networks.Add(new IPNetwork(Address(low, bits), bits - size));
            var next = size == 128 ? UInt128.Zero : low + LastOffset(size) + 1;
            if (next == 0 || (bits == 32 && next > uint.MaxValue))
            {
                break;
            }

            low = next;
        }

        return networks;
    }

    /// <summary>The offset of a block's last address from its first: 2^size - 1.</summary>
    private static UInt128 LastOffset(int size) => size == 128 ? UInt128.MaxValue : (UInt128.One << size) - 1;

    private static UInt128 Value(IPAddress address)
    {
        var value = UInt128.Zero;
        foreach (var b in address.GetAddressBytes())
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private static IPAddress Address(UInt128 value, int bits)
    {
        var bytes = new byte[bits / 8];
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xFF);
            value >>= 8;
        }

        return new IPAddress(bytes);
    }
}
