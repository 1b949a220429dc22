using System.Buffers.Binary;
using System.Net;
using System.Text;
using Palisade.Agent.FlowLogs;

namespace Palisade.Agent.Tests.FlowLogs;

/// <summary>The nfnetlink_log packet message and the IP headers in it, from bytes laid out as linux/netfilter/nfnetlink_log.h says.</summary>
public sealed class NflogParsingTests
{
    private static byte[] Attribute(ushort type, byte[] value)
    {
        var bytes = new byte[(4 + value.Length + 3) & ~3];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), type);
        value.CopyTo(bytes, 4);
        return bytes;
    }

    private static byte[] PacketMessage(byte family, params byte[][] attributes)
    {
        var body = attributes.SelectMany(a => a).ToArray();
        var message = new byte[16 + 4 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), NflogMessages.MessagePacket);
        message[16] = family;
        body.CopyTo(message, 20);
        return message;
    }

    private static byte[] Udp4(string source, string destination, ushort sourcePort, ushort destinationPort)
    {
        var packet = new byte[28];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 28);
        packet[9] = 17;
        IPAddress.Parse(source).GetAddressBytes().CopyTo(packet, 12);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(packet, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), destinationPort);
        return packet;
    }

    [Fact]
    public void A_packet_message_gives_its_prefix_payload_and_timestamp()
    {
        var timestamp = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(timestamp, 1_700_000_000);
        BinaryPrimitives.WriteUInt64BigEndian(timestamp.AsSpan(8), 250_000);
        var payload = Udp4("198.18.0.1", "198.18.0.2", 40000, 53);
        var message = PacketMessage(2, Attribute(1, [8, 0, 3, 0]), Attribute(10, Encoding.ASCII.GetBytes("pal:r:rule-1\0")), Attribute(3, timestamp), Attribute(9, payload));

        var packet = NflogMessages.ParsePacket(message);

        Assert.Equal(("pal:r:rule-1", (byte)2, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).AddMilliseconds(250)), (packet!.Prefix, packet.Family, packet.Timestamp!.Value));
        Assert.Equal(payload, packet.Payload);
    }

    [Fact]
    public void A_message_without_a_payload_is_no_packet()
    {
        Assert.Null(NflogMessages.ParsePacket(PacketMessage(2, Attribute(10, Encoding.ASCII.GetBytes("pal:r:x\0")))));
    }

    [Fact]
    public void An_attribute_that_runs_past_the_message_ends_the_parse_without_throwing()
    {
        var message = PacketMessage(2, Attribute(9, Udp4("198.18.0.1", "198.18.0.2", 1, 2)));
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(20), 200);

        Assert.Null(NflogMessages.ParsePacket(message));
    }

    [Fact]
    public void A_datagram_splits_into_its_messages_and_leaves_out_a_truncated_tail()
    {
        var one = PacketMessage(2, Attribute(9, [0x45]));
        var two = PacketMessage(10, Attribute(9, [0x60]));
        var datagram = one.Concat(two).Concat(new byte[] { 64, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }).ToArray();

        var messages = NflogMessages.Split(datagram, datagram.Length).ToList();

        Assert.Equal([(NflogMessages.MessagePacket, 0, one.Length), (NflogMessages.MessagePacket, one.Length, two.Length)], messages);
    }

    [Fact]
    public void An_acknowledgement_gives_the_errno_of_the_refusal()
    {
        var error = new byte[36];
        BinaryPrimitives.WriteUInt32LittleEndian(error, 36);
        BinaryPrimitives.WriteUInt16LittleEndian(error.AsSpan(4), NflogMessages.NetlinkError);
        BinaryPrimitives.WriteInt32LittleEndian(error.AsSpan(16), -16);

        Assert.Equal(16, NflogMessages.Acknowledgement(error));
    }

    [Fact]
    public void An_ipv4_udp_header_gives_addresses_ports_and_length()
    {
        var headers = PacketHeaders.Parse(Udp4("198.18.0.1", "198.18.0.2", 40000, 53));

        Assert.Equal(new PacketHeaders(IPAddress.Parse("198.18.0.1"), IPAddress.Parse("198.18.0.2"), 17, 40000, 53, null, null, 28), headers);
    }

    [Fact]
    public void An_ipv6_icmp_echo_behind_a_hop_by_hop_header_gives_type_and_code()
    {
        var packet = new byte[40 + 8 + 8];
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), 16);
        packet[6] = 0; // hop-by-hop options
        IPAddress.Parse("2001:db8::1").GetAddressBytes().CopyTo(packet, 8);
        IPAddress.Parse("2001:db8::2").GetAddressBytes().CopyTo(packet, 24);
        packet[40] = 58; // next: ICMPv6
        packet[41] = 0; // (0 + 1) * 8 bytes
        packet[48] = 128;

        var headers = PacketHeaders.Parse(packet);

        Assert.Equal(((byte)58, (byte?)128, (byte?)0, (ushort?)null, 56), (headers!.Value.Protocol, headers.Value.IcmpType, headers.Value.IcmpCode, headers.Value.SourcePort, headers.Value.Length));
    }

    [Fact]
    public void A_later_ipv4_fragment_gives_a_record_without_ports()
    {
        var packet = Udp4("198.18.0.1", "198.18.0.2", 1, 2);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), 100);

        Assert.Null(PacketHeaders.Parse(packet)!.Value.DestinationPort);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x45, 0, 0 })]
    [InlineData(new byte[] { 0x20, 0, 0, 0 })]
    public void What_is_not_an_ip_header_gives_nothing(byte[] packet)
    {
        Assert.Null(PacketHeaders.Parse(packet));
    }
}
