using System.Collections.Immutable;
using System.Net;
using Palisade.Agent.FlowLogs;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Nftables;

namespace Palisade.Agent.Tests.FlowLogs;

/// <summary>From an NFLOG prefix and a packet's addresses back to the port, group and rule (docs/flow-logs.md).</summary>
public sealed class FlowAttributionTests
{
    private static readonly SecurityGroupRule Ssh = new("rule-ssh", "web", Direction.Ingress, EtherType.IPv4, Protocol.Of(6), 22, 22, null, Log: true);

    private static EffectivePolicy Policy(string portId, string address, bool logDrops = false) => new(
        new Port(portId, "p1", "n1", [new FixedIp("s1", IPAddress.Parse(address))], LogDrops: logDrops),
        ["web"],
        [new EffectiveRule(Ssh, true)],
        ImmutableDictionary<string, ImmutableArray<IPNetwork>>.Empty,
        [],
        [],
        []);

    private static readonly FlowAttribution Attribution = FlowAttribution.From([Policy("web-1", "198.18.0.11"), Policy("web-2", "198.18.0.12", logDrops: true)]);

    [Fact]
    public void A_rule_packet_goes_to_the_port_of_the_group_it_was_sent_to()
    {
        var target = Attribution.Resolve(FlowLogPrefix.Rule("rule-ssh"), IPAddress.Parse("198.51.100.1"), IPAddress.Parse("198.18.0.12"));

        Assert.Equal(new FlowTarget("web-2", "web", "rule-ssh", Ingress: true, Allowed: true), target);
    }

    [Fact]
    public void An_implicit_deny_packet_goes_to_the_port_its_prefix_names()
    {
        var target = Attribution.Resolve(FlowLogPrefix.Drop("web-2", ingress: false), IPAddress.Parse("198.18.0.12"), IPAddress.Parse("198.51.100.1"));

        Assert.Equal(new FlowTarget("web-2", null, null, Ingress: false, Allowed: false), target);
    }

    [Fact]
    public void The_drops_of_a_port_without_log_drops_are_not_attributed()
    {
        Assert.Null(Attribution.Resolve(FlowLogPrefix.Drop("web-1", ingress: true), IPAddress.Parse("198.51.100.1"), IPAddress.Parse("198.18.0.11")));
    }

    [Fact]
    public void A_prefix_of_no_rule_in_force_is_not_attributed()
    {
        Assert.Null(Attribution.Resolve(FlowLogPrefix.Rule("gone"), IPAddress.Parse("198.51.100.1"), IPAddress.Parse("198.18.0.11")));
    }

    [Fact]
    public void Identical_packets_of_one_window_become_one_record_with_their_sum()
    {
        var aggregator = new FlowAggregator(maxFlows: 10);
        var target = new FlowTarget("web-1", "web", "rule-ssh", true, true);
        var packet = new PacketHeaders(IPAddress.Parse("198.51.100.1"), IPAddress.Parse("198.18.0.11"), 6, 40000, 22, null, null, 60);
        var start = DateTimeOffset.UnixEpoch;

        aggregator.Add(target, packet, start);
        aggregator.Add(target, packet, start.AddSeconds(2));
        var record = Assert.Single(aggregator.Flush());

        Assert.Equal((2L, 120L, start, start.AddSeconds(2)), (record.Packets, record.Bytes, record.FirstSeen, record.LastSeen));
    }

    [Fact]
    public void A_window_holds_at_most_max_flows_distinct_flows()
    {
        var aggregator = new FlowAggregator(maxFlows: 2);
        var target = new FlowTarget("web-1", null, null, true, false);

        var added = Enumerable.Range(1, 3)
            .Select(i => aggregator.Add(target, new PacketHeaders(IPAddress.Parse($"198.51.100.{i}"), IPAddress.Parse("198.18.0.11"), 17, 1, 2, null, null, 60), DateTimeOffset.UnixEpoch))
            .ToList();

        Assert.Equal([true, true, false], added);
    }
}
