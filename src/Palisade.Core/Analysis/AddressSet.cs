using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Classification;
using Palisade.Core.Model;

namespace Palisade.Core.Analysis;

/// <summary>
/// A set of peer addresses of one family as sorted, disjoint, non-adjacent intervals (addresses
/// as numbers, <see cref="AddressKey"/>), so that two sets are equal exactly when they hold the
/// same addresses and containment is one merge-like pass. <see cref="Prefix"/> is set when the
/// set is one CIDR block (a prefix remote or no remote); prefixes nest or are disjoint, which lets
/// the linter find every wider prefix by masking instead of comparing with every other rule.
/// </summary>
internal sealed class AddressSet : IEquatable<AddressSet>
{
    private readonly UInt128[] starts;
    private readonly UInt128[] ends;
    private readonly int hash;

    private AddressSet(EtherType family, UInt128[] starts, UInt128[] ends)
    {
        Family = family;
        this.starts = starts;
        this.ends = ends;
        var hashCode = new HashCode();
        hashCode.Add(family);
        for (var i = 0; i < starts.Length; i++)
        {
            hashCode.Add(starts[i]);
            hashCode.Add(ends[i]);
        }

        hash = hashCode.ToHashCode();
        Prefix = starts.Length == 1 ? PrefixOf(family, starts[0], ends[0]) : null;
    }

    public EtherType Family { get; }

    public int Count => starts.Length;

    public bool IsEmpty => starts.Length == 0;

    public bool IsEverything => starts.Length == 1 && starts[0] == 0 && ends[0] == Max(Family);

    /// <summary>The CIDR block this set is, as (first address, prefix length), or null when it is not one block.</summary>
    public (UInt128 First, int Length)? Prefix { get; }

    public UInt128 Start(int index) => starts[index];

    public UInt128 End(int index) => ends[index];

    public static int Bits(EtherType family) => family == EtherType.IPv4 ? 32 : 128;

    public static UInt128 Max(EtherType family) => family == EtherType.IPv4 ? uint.MaxValue : UInt128.MaxValue;

    public static AddressSet Everything(EtherType family) => new(family, [0], [Max(family)]);

    private static readonly AddressSet EmptyV4 = new(EtherType.IPv4, [], []);
    private static readonly AddressSet EmptyV6 = new(EtherType.IPv6, [], []);

    public static AddressSet Empty(EtherType family) => family == EtherType.IPv4 ? EmptyV4 : EmptyV6;

    public static AddressSet Of(EtherType family, IEnumerable<(UInt128 First, UInt128 Last)> intervals)
    {
        var sorted = intervals.ToArray();
        if (sorted.Length == 0)
        {
            return Empty(family);
        }

        Array.Sort(sorted, static (a, b) => a.First.CompareTo(b.First));
        var starts = new List<UInt128>(sorted.Length);
        var ends = new List<UInt128>(sorted.Length);
        foreach (var (first, last) in sorted)
        {
            if (ends.Count > 0 && (first <= ends[^1] || first == ends[^1] + 1))
            {
                ends[^1] = UInt128.Max(ends[^1], last);
                continue;
            }

            starts.Add(first);
            ends.Add(last);
        }

        return new(family, [.. starts], [.. ends]);
    }

    /// <summary>The networks of <paramref name="family"/> among <paramref name="networks"/>, as a set; the other family is left out, as the matcher does.</summary>
    public static AddressSet OfNetworks(EtherType family, ImmutableArray<IPNetwork> networks) =>
        Of(family, networks.Where(n => AddressKey.IsIPv6(n.BaseAddress) == (family == EtherType.IPv6)).Select(AddressKey.Interval));

    /// <summary>The smallest CIDR block holding every address of the set (its first and last share that prefix).</summary>
    public (UInt128 First, int Length) Hull()
    {
        var bits = Bits(Family);
        var first = starts[0];
        var last = ends[^1];
        var differing = first ^ last;
        var length = differing == 0 ? bits : bits - (128 - (int)UInt128.LeadingZeroCount(differing));
        return (MaskOf(first, length, bits), length);
    }

    public static UInt128 MaskOf(UInt128 address, int length, int bits)
    {
        var hostBits = bits - length;
        var hostMask = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        return address & ~hostMask;
    }

    /// <summary>Whether every address of <paramref name="other"/> is in this set (both merged, so each interval of the other lies inside one of ours).</summary>
    public bool Contains(AddressSet other)
    {
        if (other.Family != Family)
        {
            return false;
        }

        var i = 0;
        for (var j = 0; j < other.starts.Length; j++)
        {
            while (i < starts.Length && ends[i] < other.starts[j])
            {
                i++;
            }

            if (i == starts.Length || starts[i] > other.starts[j] || ends[i] < other.ends[j])
            {
                return false;
            }
        }

        return true;
    }

    public bool Overlaps(AddressSet other)
    {
        if (other.Family != Family)
        {
            return false;
        }

        int i = 0, j = 0;
        while (i < starts.Length && j < other.starts.Length)
        {
            if (ends[i] < other.starts[j])
            {
                i++;
            }
            else if (other.ends[j] < starts[i])
            {
                j++;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    public static AddressSet Union(EtherType family, IEnumerable<AddressSet> sets)
    {
        // Most unions on a sweep piece have one non-empty member: return it instead of merging.
        AddressSet? only = null;
        List<AddressSet>? several = null;
        foreach (var set in sets)
        {
            if (set.IsEmpty)
            {
                continue;
            }

            if (only is null)
            {
                only = set;
            }
            else
            {
                (several ??= [only]).Add(set);
            }
        }

        return several is not null ? Of(family, several.SelectMany(set => set.Intervals())) : only ?? Empty(family);
    }

    /// <summary>The union of two merged sets in one pass over both (no sort), so adding a small set to a large one costs the large one's length.</summary>
    public AddressSet Union(AddressSet other)
    {
        if (other.IsEmpty || Contains(other))
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        var resultStarts = new List<UInt128>(starts.Length + other.starts.Length);
        var resultEnds = new List<UInt128>(starts.Length + other.starts.Length);
        int i = 0, j = 0;
        while (i < starts.Length || j < other.starts.Length)
        {
            var takeOurs = j == other.starts.Length || (i < starts.Length && starts[i] <= other.starts[j]);
            var (first, last) = takeOurs ? (starts[i++], ends[i - 1]) : (other.starts[j++], other.ends[j - 1]);
            if (resultEnds.Count > 0 && (first <= resultEnds[^1] || first == resultEnds[^1] + 1))
            {
                resultEnds[^1] = UInt128.Max(resultEnds[^1], last);
            }
            else
            {
                resultStarts.Add(first);
                resultEnds.Add(last);
            }
        }

        return new(Family, [.. resultStarts], [.. resultEnds]);
    }

    /// <summary>The addresses of this set that are not in <paramref name="other"/>.</summary>
    public AddressSet Except(AddressSet other)
    {
        if (IsEmpty || other.IsEmpty)
        {
            return this;
        }

        var result = new List<(UInt128, UInt128)>();
        var j = 0;
        for (var i = 0; i < starts.Length; i++)
        {
            var (first, last) = (starts[i], ends[i]);
            while (j < other.starts.Length && other.ends[j] < first)
            {
                j++;
            }

            var k = j;
            var remaining = true;
            while (remaining && k < other.starts.Length && other.starts[k] <= last)
            {
                if (other.starts[k] > first)
                {
                    result.Add((first, other.starts[k] - 1));
                }

                if (other.ends[k] >= last)
                {
                    remaining = false;
                }
                else
                {
                    first = other.ends[k] + 1;
                    k++;
                }
            }

            if (remaining)
            {
                result.Add((first, last));
            }
        }

        return Of(Family, result);
    }

    /// <summary>The addresses in both sets: for each interval of the smaller set, a binary search into the larger one, so clipping a large set to a small one costs little.</summary>
    public AddressSet Intersect(AddressSet other)
    {
        if (other.Family != Family || IsEmpty || other.IsEmpty)
        {
            return Empty(Family);
        }

        if (other.Contains(this))
        {
            return this;
        }

        var (small, large) = other.starts.Length <= starts.Length ? (other, this) : (this, other);
        var result = new List<(UInt128, UInt128)>();
        for (var i = 0; i < small.starts.Length; i++)
        {
            var (first, last) = (small.starts[i], small.ends[i]);
            for (var j = large.FirstEndingAtOrAfter(first); j < large.starts.Length && large.starts[j] <= last; j++)
            {
                result.Add((UInt128.Max(first, large.starts[j]), UInt128.Min(last, large.ends[j])));
            }
        }

        return Of(Family, result);
    }

    /// <summary>Whether any address of [<paramref name="first"/>, <paramref name="last"/>] is in the set.</summary>
    public bool Overlaps(UInt128 first, UInt128 last)
    {
        var j = FirstEndingAtOrAfter(first);
        return j < starts.Length && starts[j] <= last;
    }

    private int FirstEndingAtOrAfter(UInt128 address)
    {
        int low = 0, high = ends.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (ends[middle] < address)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    public IEnumerable<(UInt128 First, UInt128 Last)> Intervals()
    {
        for (var i = 0; i < starts.Length; i++)
        {
            yield return (starts[i], ends[i]);
        }
    }

    /// <summary>The set as the fewest CIDR blocks (each interval split at its alignment), for people to read.</summary>
    public IEnumerable<IPNetwork> ToNetworks()
    {
        var bits = Bits(Family);
        foreach (var (start, end) in Intervals())
        {
            var first = start;
            while (true)
            {
                // The largest block starting at "first" (aligned) that does not pass "end".
                var size = first == 0 ? bits : Math.Min(bits, (int)UInt128.TrailingZeroCount(first));
                while (size > 0 && (size == 128 ? UInt128.MaxValue : (UInt128.One << size) - 1) > end - first)
                {
                    size--;
                }

                yield return new IPNetwork(ToAddress(first), bits - size);
                var last = first + (size == 128 ? UInt128.MaxValue : (UInt128.One << size) - 1);
                if (last >= end)
                {
                    break;
                }

                first = last + 1;
            }
        }
    }

    public IPAddress ToAddress(UInt128 value)
    {
        var bytes = new byte[Family == EtherType.IPv4 ? 4 : 16];
        if (Family == EtherType.IPv4)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value);
        }
        else
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        }

        return new IPAddress(bytes);
    }

    public bool Contains(UInt128 address)
    {
        int low = 0, high = starts.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (ends[middle] < address)
            {
                low = middle + 1;
            }
            else if (starts[middle] > address)
            {
                high = middle - 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => IsEmpty ? "(none)" : string.Join(", ", ToNetworks());

    public bool Equals(AddressSet? other) =>
        other is not null && other.Family == Family && other.hash == hash
        && starts.AsSpan().SequenceEqual(other.starts) && ends.AsSpan().SequenceEqual(other.ends);

    public override bool Equals(object? obj) => Equals(obj as AddressSet);

    public override int GetHashCode() => hash;

    private static (UInt128, int)? PrefixOf(EtherType family, UInt128 first, UInt128 last)
    {
        var size = last - first;
        if (size == UInt128.MaxValue)
        {
            return (0, 0);
        }

        var count = size + 1;
        if (!UInt128.IsPow2(count) || (first & size) != 0)
        {
            return null;
        }

        return (first, Bits(family) - (int)UInt128.Log2(count));
    }
}
