using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Palisade.Core.Classification;

/// <summary>
/// Addresses as unsigned numbers, so that prefixes, ranges and members all become intervals.
/// IPv4 uses the low 32 bits; the two families never share a structure, so they cannot collide.
/// </summary>
internal static class AddressKey
{
    public static UInt128 Of(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        return length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static (UInt128 First, UInt128 Last) Interval(IPNetwork network)
    {
        var bits = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var first = Of(network.BaseAddress);
        var hostBits = bits - network.PrefixLength;
        var span = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        return (first & ~span, first | span);
    }

    public static bool IsIPv6(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6;
}
