using System.Buffers.Binary;
using System.Text;

namespace Palisade.Agent.FlowLogs;

/// <summary>One packet NFLOG sent: its prefix, address family (2 IPv4, 10 IPv6), the copied bytes from the IP header on, and the kernel's timestamp when it gave one.</summary>
internal sealed record NflogPacket(string Prefix, byte Family, byte[] Payload, DateTimeOffset? Timestamp);

/// <summary>
/// The nfnetlink_log wire format (linux/netfilter/nfnetlink_log.h, linux/netfilter/nfnetlink.h,
/// linux/netlink.h): configuration requests to bind a group, and the packet messages it sends.
/// Netlink headers are host order; nfnetlink_log's own fields are network order.
/// </summary>
internal static class NflogMessages
{
    public const ushort MessagePacket = (SubsystemUlog << 8) | 0;
    public const ushort MessageConfig = (SubsystemUlog << 8) | 1;
    public const ushort NetlinkError = 2;
    public const ushort NetlinkDone = 3;

    private const ushort SubsystemUlog = 4;
    private const ushort FlagRequest = 1;
    private const ushort FlagAck = 4;
    private const int HeaderLength = 16;
    private const int NfgenLength = 4;

    // NFULA_* packet attributes
    private const ushort AttributeTimestamp = 3;
    private const ushort AttributePayload = 9;
    private const ushort AttributePrefix = 10;

    // NFULA_CFG_* configuration attributes and NFULNL_CFG_CMD_* commands
    private const ushort ConfigCommand = 1;
    private const ushort ConfigMode = 2;
    private const ushort ConfigBufferSize = 3;
    private const ushort ConfigTimeout = 4;
    private const ushort ConfigQueueThreshold = 5;
    public const byte CommandBind = 1;
    public const byte CommandUnbind = 2;
    private const byte CopyPacket = 2;

    /// <summary>NFULNL_CFG_CMD_BIND or _UNBIND of <paramref name="group"/>.</summary>
    public static byte[] Command(uint sequence, ushort group, byte command) => Config(sequence, group, (ConfigCommand, [command]));

    /// <summary>
    /// Copy the packet (up to what the rule's snaplen allows), and hand messages over in batches of up
    /// to <paramref name="queueThreshold"/> or after <paramref name="flushCentiseconds"/>, in kernel
    /// buffers of <paramref name="bufferBytes"/>: fewer wake-ups of the agent under a flood.
    /// </summary>
    public static byte[] Settings(uint sequence, ushort group, uint copyRange, uint bufferBytes, uint flushCentiseconds, uint queueThreshold)
    {
        var mode = new byte[6];
        BinaryPrimitives.WriteUInt32BigEndian(mode, copyRange);
        mode[4] = CopyPacket;
        return Config(sequence, group, (ConfigMode, mode), (ConfigBufferSize, BigEndian(bufferBytes)), (ConfigTimeout, BigEndian(flushCentiseconds)), (ConfigQueueThreshold, BigEndian(queueThreshold)));
    }

    /// <summary>The errno of a netlink error message answering a request (0 is an acknowledgement), or null when <paramref name="message"/> is something else.</summary>
    public static int? Acknowledgement(ReadOnlySpan<byte> message) =>
        message.Length >= HeaderLength + 4 && BinaryPrimitives.ReadUInt16LittleEndian(message[4..]) == NetlinkError
            ? -BinaryPrimitives.ReadInt32LittleEndian(message[HeaderLength..])
            : null;

    /// <summary>Splits one datagram into its netlink messages; a truncated tail is left out.</summary>
    public static IEnumerable<(ushort Type, int Offset, int Length)> Split(byte[] datagram, int length)
    {
        var offset = 0;
        while (offset + HeaderLength <= length)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram.AsSpan(offset));
            if (size < HeaderLength || offset + size > length)
            {
                yield break;
            }

            yield return (BinaryPrimitives.ReadUInt16LittleEndian(datagram.AsSpan(offset + 4)), offset, size);
            offset += Align(size);
        }
    }

    /// <summary>A packet message's prefix, payload and timestamp, or null when it has no payload or is not a packet message.</summary>
    public static NflogPacket? ParsePacket(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderLength + NfgenLength || BinaryPrimitives.ReadUInt16LittleEndian(message[4..]) != MessagePacket)
        {
            return null;
        }

        var family = message[HeaderLength];
        string prefix = string.Empty;
        byte[]? payload = null;
        DateTimeOffset? timestamp = null;
        var offset = HeaderLength + NfgenLength;
        while (offset + 4 <= message.Length)
        {
            var size = BinaryPrimitives.ReadUInt16LittleEndian(message[offset..]);
            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(message[(offset + 2)..]) & 0x3fff); // without NLA_F_NESTED and NLA_F_NET_BYTEORDER
            if (size < 4 || offset + size > message.Length)
            {
                break;
            }

            var value = message.Slice(offset + 4, size - 4);
            switch (type)
            {
                case AttributePrefix:
                    var end = value.IndexOf((byte)0);
                    prefix = Encoding.UTF8.GetString(end < 0 ? value : value[..end]);
                    break;
                case AttributePayload:
                    payload = value.ToArray();
                    break;
                case AttributeTimestamp when value.Length >= 16:
                    var seconds = (long)BinaryPrimitives.ReadUInt64BigEndian(value);
                    var microseconds = (long)BinaryPrimitives.ReadUInt64BigEndian(value[8..]);
                    if (seconds is > 0 and < 253402300799 && microseconds is >= 0 and < 1_000_000)
                    {
                        timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(microseconds * 10);
                    }

                    break;
            }

            offset += Align(size);
        }

        return payload is null ? null : new NflogPacket(prefix, family, payload, timestamp);
    }

    private static byte[] Config(uint sequence, ushort group, params (ushort Type, byte[] Value)[] attributes)
    {
        var length = HeaderLength + NfgenLength + attributes.Sum(a => Align(4 + a.Value.Length));
        var message = new byte[length];
        var span = message.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], MessageConfig);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], FlagRequest | FlagAck);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], sequence);
        // nfgenmsg: AF_UNSPEC, NFNETLINK_V0, the group in network order.
        BinaryPrimitives.WriteUInt16BigEndian(span[(HeaderLength + 2)..], group);
        var offset = HeaderLength + NfgenLength;
        foreach (var (type, value) in attributes)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], (ushort)(4 + value.Length));
            BinaryPrimitives.WriteUInt16LittleEndian(span[(offset + 2)..], type);
            value.CopyTo(span[(offset + 4)..]);
            offset += Align(4 + value.Length);
        }

        return message;
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static int Align(int length) => (length + 3) & ~3;
}
