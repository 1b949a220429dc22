namespace Palisade.Nftables.Tests;

public sealed class CounterParserTests
{
    // As printed by nft 1.0.6 for `nft -j list counters table inet palisade`, plus a foreign table.
    private const string Sample = """
        {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},
        {"counter": {"family": "inet", "name": "rule_3f2b1c9e-8d7a-4e6f-9b0c-1a2b3c4d5e6f", "table": "palisade", "handle": 8, "packets": 12, "bytes": 720}},
        {"counter": {"family": "inet", "name": "rule_odd_20id_20_22quoted_22", "table": "palisade", "handle": 9, "packets": 1, "bytes": 84}},
        {"counter": {"family": "inet", "name": "platform_embargo", "table": "palisade", "handle": 10, "packets": 3, "bytes": 180}},
        {"counter": {"family": "inet", "name": "drop_in_port-a", "table": "palisade", "handle": 11, "packets": 5, "bytes": 300}},
        {"counter": {"family": "inet", "name": "drop_out_port-a", "table": "palisade", "handle": 12, "packets": 6, "bytes": 360}},
        {"counter": {"family": "inet", "name": "hand_made", "table": "palisade", "handle": 13, "packets": 7, "bytes": 7}},
        {"counter": {"family": "ip", "name": "rule_elsewhere", "table": "other", "handle": 2, "packets": 9, "bytes": 9}}]}
        """;

    [Fact]
    public void Counters_are_read_back_by_rule_platform_policy_and_port()
    {
        var report = CounterParser.Parse(Sample);

        Assert.Equal(new CounterValue(12, 720), report.Rules["3f2b1c9e-8d7a-4e6f-9b0c-1a2b3c4d5e6f"]);
        Assert.Equal(new CounterValue(1, 84), report.Rules["odd id \"quoted\""]);
        Assert.Equal(2, report.Rules.Count);
        Assert.Equal(new CounterValue(3, 180), report.PlatformPolicies["embargo"]);
        Assert.Equal(new CounterValue(5, 300), report.IngressDrops["port-a"]);
        Assert.Equal(new CounterValue(6, 360), report.EgressDrops["port-a"]);
    }

    [Fact]
    public void Text_that_is_not_nft_json_is_refused()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => CounterParser.Parse("[1, 2]"));
    }

    [Fact]
    public async Task Every_rule_of_an_applied_ruleset_has_a_counter_the_parser_reads()
    {
        var policies = Corpus.Get("log-rule");

        var json = await Nft.ApplyInNamespaceAsync("nft -j list counters table inet palisade", [RulesetRenderer.Render(policies)]);
        var report = CounterParser.Parse(json);

        Assert.Equal(policies.SelectMany(p => p.Rules).Select(r => r.Rule.Id).Distinct().Order(StringComparer.Ordinal), report.Rules.Keys.Order(StringComparer.Ordinal));
        Assert.All(report.Rules.Values, v => Assert.Equal(new CounterValue(0, 0), v));
        Assert.Equal([policies[0].Port.Id], report.IngressDrops.Keys);
    }
}
