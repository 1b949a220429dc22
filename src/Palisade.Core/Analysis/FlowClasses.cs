using System.Collections.Immutable;
using Palisade.Core.Model;

namespace Palisade.Core.Analysis;

/// <summary>Turns the cells of a sweep (one elementary port-axis interval, a peer set, rules) into compact <see cref="FlowClass"/>es.</summary>
internal static class FlowClasses
{
    /// <summary>Joins consecutive cells of one bucket that have the same peers and the same rules, so a port range stays one class.</summary>
    public static IEnumerable<(int First, int Last, AddressSet Peers, List<RuleRegion> Rules)> Merge(
        IEnumerable<(int First, int Last, AddressSet Peers, List<RuleRegion> Rules)> cells)
    {
        (int First, int Last, AddressSet Peers, List<RuleRegion> Rules)? open = null;
        foreach (var cell in cells)
        {
            if (open is { } current && current.Last + 1 == cell.First && current.Peers.Equals(cell.Peers) && SameRules(current.Rules, cell.Rules))
            {
                open = current with { Last = cell.Last };
                continue;
            }

            if (open is { } done)
            {
                yield return done;
            }

            open = cell;
        }

        if (open is { } last)
        {
            yield return last;
        }
    }

    public static FlowClass Create(Direction direction, EtherType family, int bucket, ImmutableArray<int> buckets, int first, int last, AddressSet peers, IEnumerable<RuleRegion> rules)
    {
        var ordered = rules.Select(r => r.Rule).DistinctBy(r => r.Id).OrderBy(r => r.GroupId, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).ToImmutableArray();
        return new FlowClass(
            direction,
            family,
            bucket == RuleRegion.AnyProtocol ? Protocol.Any : Protocol.Of((byte)bucket),
            bucket == RuleRegion.AnyProtocol ? [.. buckets.Where(b => b != RuleRegion.AnyProtocol).Select(b => Protocol.Of((byte)b))] : [],
            first,
            last,
            [.. peers.ToNetworks()],
            [.. ordered.Select(r => r.Remote).OfType<Remote.Group>().Select(g => g.GroupId).Distinct().Order(StringComparer.Ordinal)],
            [.. ordered.Select(r => r.Remote).OfType<Remote.AddressGroup>().Select(g => g.AddressGroupId).Distinct().Order(StringComparer.Ordinal)],
            ordered)
        {
            PeerSet = peers,
        };
    }

    /// <summary>The sweep lists a piece's rules in a stable order (whole-axis ones, then by start), so equal lists are usually equal element by element.</summary>
    private static bool SameRules(List<RuleRegion> left, List<RuleRegion> right) =>
        left.Count == right.Count
        && (left.SequenceEqual(right, ReferenceEqualityComparer.Instance)
            || left.Select(r => r.Rule.Id).Order(StringComparer.Ordinal).SequenceEqual(right.Select(r => r.Rule.Id).Order(StringComparer.Ordinal)));
}
