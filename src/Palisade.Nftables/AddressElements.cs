using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace Palisade.Nftables;

/// <summary>
/// Turns address lists into nft interval-set elements. Members of a group overlap (an allowed
/// address pair 10.0.0.0/24 beside a fixed IP 10.0.0.5), and an interval set without
/// <c>auto-merge</c> refuses overlapping elements, so overlaps are merged here. Adjacent intervals
/// are left apart on purpose: merging them would turn one added member into a delete and an add of
/// its neighbour, and membership changes are meant to stay small element updates.
/// </summary>
internal static class AddressElements
{
    public static bool IsV6(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>The networks of one family as sorted, non-overlapping elements (<c>a</c>, <c>a/len</c> or <c>a-b</c>).</summary>
    public static ImmutableArray<string> Of(IEnumerable<IPNetwork> networks, bool v6)
    {
        var intervals = networks
            .Where(n => IsV6(n.BaseAddress) == v6)
            .Select(Interval)
            .OrderBy(i => i.First)
            .ThenBy(i => i.Last)
            .ToList();

        var merged = new List<(UInt128 First, UInt128 Last)>(intervals.Count);
        foreach (var interval in intervals)
        {
            if (merged.Count > 0 && interval.First <= merged[^1].Last)
            {
                merged[^1] = (merged[^1].First, UInt128.Max(merged[^1].Last, interval.Last));
            }
            else
            {
                merged.Add(interval);
            }
        }

        return [.. merged.Select(i => Format(i.First, i.Last, v6))];
    }

    /// <summary>A single network as an nft value: the bare address for a host route, else <c>a/len</c>.</summary>
    public static string Format(IPNetwork network)
    {
        var (first, last) = Interval(network);
        return Format(first, last, IsV6(network.BaseAddress));
    }

    /// <summary>An inclusive range, written as an address when it holds one, as a prefix when it is one.</summary>
    public static string Format(UInt128 first, UInt128 last, bool v6)
    {
        var bits = v6 ? 128 : 32;
        if (first == last)
        {
            return Address(first, v6).ToString();
        }

        var span = last - first;
        if ((first & span) == 0 && ((span + 1) & span) == 0)
        {
            // span + 1 is a power of two (or wrapped to zero for the whole space) and first is aligned to it.
            var hostBits = span == UInt128.MaxValue ? 128 : 128 - (int)UInt128.LeadingZeroCount(span);
            return $"{Address(first, v6)}/{MatchExpressions.Invariant(bits - hostBits)}";
        }

        return $"{Address(first, v6)}-{Address(last, v6)}";
    }

    public static UInt128 Number(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        return length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static (UInt128 First, UInt128 Last) Interval(IPNetwork network)
    {
        var bits = IsV6(network.BaseAddress) ? 128 : 32;
        var first = Number(network.BaseAddress);
        var hostBits = bits - network.PrefixLength;
        var span = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        return (first & ~span, (first & ~span) | span);
    }

    private static IPAddress Address(UInt128 number, bool v6)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (v6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, number);
            return new IPAddress(bytes);
        }

        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)number);
        return new IPAddress(bytes[..4]);
    }
}
