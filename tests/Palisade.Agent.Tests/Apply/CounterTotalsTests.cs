using System.Collections.Immutable;
using Palisade.Agent.Apply;
using Palisade.Core.Feed;
using Palisade.Nftables;

namespace Palisade.Agent.Tests.Apply;

public sealed class CounterTotalsTests
{
    private static CounterReport Report(params (string Rule, long Packets, long Bytes)[] rules) => new(
        rules.ToImmutableDictionary(r => r.Rule, r => new CounterValue(r.Packets, r.Bytes)),
        ImmutableDictionary<string, CounterValue>.Empty,
        ImmutableDictionary<string, CounterValue>.Empty,
        ImmutableDictionary<string, CounterValue>.Empty);

    [Fact]
    public void Hits_counted_by_a_replaced_table_are_added_to_the_new_tables()
    {
        var totals = new CounterTotals();
        totals.Carry(Report(("r1", 10, 1000), ("r2", 1, 60)));
        totals.Carry(Report(("r1", 5, 500)));

        var report = totals.Report(Report(("r1", 2, 200), ("r3", 7, 420)));

        Assert.Equal([new RuleCounter("r1", 17, 1700), new RuleCounter("r2", 1, 60), new RuleCounter("r3", 7, 420)], report);
    }

    [Fact]
    public void Without_a_table_the_carried_totals_are_reported() =>
        Assert.Empty(new CounterTotals().Report(null));
}
