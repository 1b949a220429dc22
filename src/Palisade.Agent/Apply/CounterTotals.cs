using Palisade.Core.Feed;
using Palisade.Nftables;

namespace Palisade.Agent.Apply;

/// <summary>
/// Per-rule hits since the agent started. A full apply recreates the table and so zeroes its
/// counters; what the old table had counted is folded into <c>carried</c> first, and a report is
/// carried + what the table holds now. Element-only updates keep the table and its counters.
/// </summary>
internal sealed class CounterTotals
{
    private readonly Dictionary<string, CounterValue> carried = new(StringComparer.Ordinal);

    /// <summary>Keeps what a table about to be replaced has counted.</summary>
    public void Carry(CounterReport? replaced)
    {
        if (replaced is null)
        {
            return;
        }

        foreach (var (rule, value) in replaced.Rules)
        {
            carried[rule] = carried.TryGetValue(rule, out var before) ? new(before.Packets + value.Packets, before.Bytes + value.Bytes) : value;
        }
    }

    /// <summary>Carried totals plus the live table's counters, by rule id (ordinal order, for stable reports).</summary>
    public IReadOnlyList<RuleCounter> Report(CounterReport? live)
    {
        var totals = new SortedDictionary<string, CounterValue>(carried, StringComparer.Ordinal);
        foreach (var (rule, value) in live?.Rules ?? [])
        {
            totals[rule] = totals.TryGetValue(rule, out var before) ? new(before.Packets + value.Packets, before.Bytes + value.Bytes) : value;
        }

        return [.. totals.Select(t => new RuleCounter(t.Key, t.Value.Packets, t.Value.Bytes))];
    }
}
