using System.Buffers.Binary;
using System.Net;

namespace Palisade.Agent.FlowLogs;

/// <summary>What a flow record keeps of a packet: addresses, protocol, ports or ICMP type and code, and the IP length.</summary>
internal readonly record struct PacketHeaders(
    IPAddress Source,
    IPAddress Destination,
    byte Protocol,
    ushort? SourcePort,
    ushort? DestinationPort,
    byte? IcmpType,
    byte? IcmpCode,
    int Length)
{
    private const byte Icmp = 1;
    private const byte IcmpV6 = 58;

    /// <summary>
    /// Reads an IPv4 (RFC 791) or IPv6 (RFC 8200) header and the transport header after it, skipping
    /// IPv6 extension headers; null for anything shorter than an IP header. A later fragment, or a
    /// transport header cut off by the copy length, gives a record without ports.
    /// </summary>
    public static PacketHeaders? Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 1)
        {
            return null;
        }

        return (packet[0] >> 4) switch
        {
            4 => ParseV4(packet),
            6 => ParseV6(packet),
            _ => null,
        };
    }

    private static PacketHeaders? ParseV4(ReadOnlySpan<byte> packet)
    {
        var headerLength = (packet[0] & 0x0f) * 4;
        if (packet.Length < 20 || headerLength < 20)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var laterFragment = (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1fff) != 0;
        var protocol = packet[9];
        var source = new IPAddress(packet.Slice(12, 4));
        var destination = new IPAddress(packet.Slice(16, 4));
        return Transport(source, destination, protocol, laterFragment || packet.Length < headerLength ? [] : packet[headerLength..], length, Icmp);
    }

    private static PacketHeaders? ParseV6(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 40)
        {
            return null;
        }

        var length = 40 + BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        var next = packet[6];
        var source = new IPAddress(packet.Slice(8, 16));
        var destination = new IPAddress(packet.Slice(24, 16));
        var offset = 40;
        // Hop-by-hop (0), routing (43), destination options (60), fragment (44), authentication (51).
        while (next is 0 or 43 or 60 or 44 or 51 && offset + 8 <= packet.Length)
        {
            var header = packet[offset..];
            if (next == 44 && (BinaryPrimitives.ReadUInt16BigEndian(header[2..]) & 0xfff8) != 0)
            {
                return Transport(source, destination, header[0], [], length, IcmpV6); // a later fragment: no transport header
            }

            var size = next switch { 44 => 8, 51 => (header[1] + 2) * 4, _ => (header[1] + 1) * 8 };
            next = header[0];
            offset += size;
        }

        return Transport(source, destination, next, offset <= packet.Length ? packet[offset..] : [], length, IcmpV6);
    }

    private static PacketHeaders Transport(IPAddress source, IPAddress destination, byte protocol, ReadOnlySpan<byte> transport, int length, byte icmp)
    {
        if (protocol == icmp && transport.Length >= 2)
        {
            return new(source, destination, protocol, null, null, transport[0], transport[1], length);
        }

        // TCP, UDP, DCCP, SCTP, UDP-Lite: the ports are the first four bytes.
        if (protocol is 6 or 17 or 33 or 132 or 136 && transport.Length >= 4)
        {
            return new(source, destination, protocol, BinaryPrimitives.ReadUInt16BigEndian(transport), BinaryPrimitives.ReadUInt16BigEndian(transport[2..]), null, null, length);
        }

        return new(source, destination, protocol, null, null, null, null, length);
    }
}
