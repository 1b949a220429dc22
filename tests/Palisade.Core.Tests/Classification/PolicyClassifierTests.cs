using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Classification;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Tests.Classification;

/// <summary>One test per step of design.md §2, through both Classify and Explain.</summary>
public sealed class PolicyClassifierTests
{
    private static readonly IPAddress Own = IPAddress.Parse("198.18.0.10");
    private static readonly IPAddress Peer = IPAddress.Parse("203.0.113.5");

    private static EffectivePolicy Policy(
        IEnumerable<SecurityGroupRule>? rules = null,
        bool portSecurity = true,
        bool stateful = true,
        IEnumerable<PlatformPolicy>? platform = null,
        IEnumerable<string>? intraSubnet = null,
        ImmutableDictionary<string, ImmutableArray<IPNetwork>>? groups = null)
    {
        var port = new Port("port1", "p1", "n1", [new FixedIp("s1", Own), new FixedIp("s6", IPAddress.Parse("2001:db8::10"))], PortSecurityEnabled: portSecurity);
        return new EffectivePolicy(port, ["g1"], [.. (rules ?? []).Select(r => new EffectiveRule(r, stateful))],
            groups ?? ImmutableDictionary<string, ImmutableArray<IPNetwork>>.Empty,
            [.. platform ?? []], [.. (intraSubnet ?? []).Select(IPNetwork.Parse)], PolicyIndex.AddressesOf(port), stateful);
    }

    private static SecurityGroupRule Ingress(string id, string protocol, int? min = null, int? max = null, Remote? remote = null, EtherType etherType = EtherType.IPv4)
    {
        Protocol.TryParse(protocol, out var p);
        return new SecurityGroupRule(id, "g1", Direction.Ingress, etherType, p, min, max, remote);
    }

    private static Flow Tcp(int port, IPAddress? peer = null, Direction direction = Direction.Ingress) =>
        new(direction, EtherType.IPv4, Protocol.Tcp, peer ?? Peer, port);

    private static Decision Decide(EffectivePolicy policy, Flow flow)
    {
        var classifier = PolicyClassifier.Compile(policy);
        var decision = classifier.Classify(flow);
        Assert.Equal(decision, classifier.Explain(flow).Decision);
        return decision;
    }

    [Fact]
    public void Port_security_disabled_allows_everything() =>
        Assert.Equal(new Decision(Verdict.Allow, DecisionStep.PortSecurityDisabled), Decide(Policy(portSecurity: false), Tcp(22)));

    [Fact]
    public void An_established_connection_of_a_stateful_port_is_allowed() =>
        Assert.Equal(new Decision(Verdict.Allow, DecisionStep.ConnectionTracking), Decide(Policy(), Tcp(22) with { State = ConnectionState.Established }));

    [Fact]
    public void An_invalid_packet_of_a_stateful_port_is_dropped() =>
        Assert.Equal(new Decision(Verdict.Drop, DecisionStep.ConnectionTracking), Decide(Policy(rules: [Ingress("r1", "tcp", 22, 22)]), Tcp(22) with { State = ConnectionState.Invalid }));

    [Fact]
    public void A_stateless_port_judges_return_traffic_by_its_rules() =>
        Assert.Equal(new Decision(Verdict.Drop, DecisionStep.ImplicitDeny), Decide(Policy(stateful: false), Tcp(40000) with { State = ConnectionState.Established }));

    [Theory]
    [InlineData(Direction.Egress, 68, 67)]
    [InlineData(Direction.Ingress, 67, 68)]
    public void Dhcp_client_traffic_is_infrastructure(Direction direction, int source, int destination) =>
        Assert.Equal(DecisionStep.Infrastructure, Decide(Policy(), new Flow(direction, EtherType.IPv4, Protocol.Udp, IPAddress.Broadcast, destination, source)).Step);

    /// <summary>Neutron's iptables_firewall.py: RA and DHCP/DHCPv6 server replies leaving a port are dropped before conntrack, whatever the rules.</summary>
    [Theory]
    [InlineData(EtherType.IPv4, Protocol.Udp, 67, 68, 0, ConnectionState.New)]
    [InlineData(EtherType.IPv4, Protocol.Udp, 67, 68, 0, ConnectionState.Established)]
    [InlineData(EtherType.IPv6, Protocol.Udp, 547, 546, 0, ConnectionState.New)]
    [InlineData(EtherType.IPv6, Protocol.Udp, 547, 546, 0, ConnectionState.Established)]
    [InlineData(EtherType.IPv6, Protocol.IcmpV6, 0, 0, 134, ConnectionState.New)]
    public void A_router_advertisement_or_dhcp_server_reply_leaving_a_port_is_dropped_whatever_the_rules(EtherType etherType, byte protocol, int source, int destination, byte type, ConnectionState state)
    {
        var allowAll = Policy(rules: [new SecurityGroupRule("v4", "g1", Direction.Egress, EtherType.IPv4, Protocol.Any), new SecurityGroupRule("v6", "g1", Direction.Egress, EtherType.IPv6, Protocol.Any)]);
        var peer = etherType == EtherType.IPv4 ? Peer : IPAddress.Parse("fe80::1");

        var decision = Decide(allowAll, new Flow(Direction.Egress, etherType, protocol, peer, destination, source, type, State: state));

        Assert.Equal(new Decision(Verdict.Drop, DecisionStep.Infrastructure), decision);
    }

    [Fact]
    public void A_dhcp_server_reply_reaching_a_port_is_infrastructure() =>
        Assert.Equal(new Decision(Verdict.Allow, DecisionStep.Infrastructure), Decide(Policy(), new Flow(Direction.Ingress, EtherType.IPv6, Protocol.Udp, IPAddress.Parse("fe80::1"), 546, 547)));

    [Theory]
    [InlineData(Direction.Ingress, 135, DecisionStep.Infrastructure)]
    [InlineData(Direction.Egress, 136, DecisionStep.Infrastructure)]
    [InlineData(Direction.Ingress, 134, DecisionStep.Infrastructure)]
    [InlineData(Direction.Egress, 134, DecisionStep.Infrastructure)]
    [InlineData(Direction.Ingress, 128, DecisionStep.ImplicitDeny)]
    public void Neighbour_discovery_is_infrastructure_but_instances_send_no_router_advertisements(Direction direction, byte type, DecisionStep step) =>
        Assert.Equal(step, Decide(Policy(), new Flow(direction, EtherType.IPv6, Protocol.IcmpV6, IPAddress.Parse("fe80::1"), IcmpType: type)).Step);

    [Fact]
    public void A_spoofed_source_address_is_dropped_before_any_rule()
    {
        var policy = Policy(rules: [new SecurityGroupRule("r1", "g1", Direction.Egress, EtherType.IPv4, Protocol.Any)]);
        Assert.Equal(new Decision(Verdict.Drop, DecisionStep.AntiSpoofing), Decide(policy, Tcp(80, direction: Direction.Egress) with { LocalAddress = IPAddress.Parse("198.18.0.99") }));
        Assert.Equal(new Decision(Verdict.Allow, DecisionStep.Rule), Decide(policy, Tcp(80, direction: Direction.Egress) with { LocalAddress = Own }));
    }

    [Fact]
    public void A_platform_policy_denies_even_what_a_rule_and_the_subnet_allow()
    {
        var policy = Policy(
            rules: [Ingress("r1", "any")],
            platform: [new PlatformPolicy("embargo", "embargo", [IPNetwork.Parse("203.0.113.0/24")])],
            intraSubnet: ["203.0.113.0/24"]);

        var explained = PolicyClassifier.Compile(policy).Explain(Tcp(22));

        Assert.Equal(new Decision(Verdict.Drop, DecisionStep.PlatformPolicy), explained.Decision);
        Assert.Equal("embargo", explained.PlatformPolicy?.Id);
        Assert.Equal(["r1"], explained.MatchedRules.Select(m => m.Rule.Id));
    }

    [Fact]
    public void A_platform_policy_limited_to_a_port_leaves_other_ports_alone()
    {
        var policy = Policy(rules: [Ingress("r1", "tcp")], platform: [new PlatformPolicy("smtp", "no smtp", [], null, Protocol.Of(Protocol.Tcp), 25, 25)]);
        Assert.Equal(DecisionStep.PlatformPolicy, Decide(policy, Tcp(25)).Step);
        Assert.Equal(DecisionStep.Rule, Decide(policy, Tcp(26)).Step);
    }

    [Fact]
    public void A_peer_in_the_same_subnet_is_allowed_without_a_rule() =>
        Assert.Equal(new Decision(Verdict.Allow, DecisionStep.IntraSubnet), Decide(Policy(intraSubnet: ["198.18.0.0/24"]), Tcp(22, IPAddress.Parse("198.18.0.77"))));

    [Theory]
    [InlineData(79, Verdict.Drop)]
    [InlineData(80, Verdict.Allow)]
    [InlineData(443, Verdict.Allow)]
    [InlineData(444, Verdict.Drop)]
    public void A_port_range_allows_its_ends_and_nothing_beyond(int port, Verdict verdict) =>
        Assert.Equal(verdict, Decide(Policy(rules: [Ingress("r1", "tcp", 80, 443)]), Tcp(port)).Verdict);

    [Theory]
    [InlineData("203.0.113.0", Verdict.Allow)]
    [InlineData("203.0.113.255", Verdict.Allow)]
    [InlineData("203.0.112.255", Verdict.Drop)]
    [InlineData("203.0.114.0", Verdict.Drop)]
    public void A_remote_prefix_matches_exactly_its_addresses(string peer, Verdict verdict) =>
        Assert.Equal(verdict, Decide(Policy(rules: [Ingress("r1", "tcp", remote: Remote.Prefix.Of(IPNetwork.Parse("203.0.113.0/24")))]), Tcp(22, IPAddress.Parse(peer))).Verdict);

    [Theory]
    [InlineData("198.51.100.9", Verdict.Drop)]
    [InlineData("198.51.100.10", Verdict.Allow)]
    [InlineData("198.51.100.20", Verdict.Allow)]
    [InlineData("198.51.100.21", Verdict.Drop)]
    public void A_remote_range_is_inclusive(string peer, Verdict verdict) =>
        Assert.Equal(verdict, Decide(Policy(rules: [Ingress("r1", "udp", 53, 53, new Remote.Range(IPAddress.Parse("198.51.100.10"), IPAddress.Parse("198.51.100.20")))]),
            new Flow(Direction.Ingress, EtherType.IPv4, Protocol.Udp, IPAddress.Parse(peer), 53)).Verdict);

    [Fact]
    public void A_remote_group_matches_its_members_of_the_rules_ethertype_only()
    {
        var groups = ImmutableDictionary<string, ImmutableArray<IPNetwork>>.Empty.Add("db", [IPNetwork.Parse("198.18.5.5/32"), IPNetwork.Parse("2001:db8::5/128")]);
        var policy = Policy(rules: [Ingress("r1", "tcp", 5432, 5432, new Remote.Group("db"))], groups: groups);

        Assert.Equal(Verdict.Allow, Decide(policy, Tcp(5432, IPAddress.Parse("198.18.5.5"))).Verdict);
        Assert.Equal(Verdict.Drop, Decide(policy, Tcp(5432, IPAddress.Parse("198.18.5.6"))).Verdict);
        Assert.Equal(Verdict.Drop, Decide(policy, new Flow(Direction.Ingress, EtherType.IPv6, Protocol.Tcp, IPAddress.Parse("2001:db8::5"), 5432)).Verdict);
    }

    [Theory]
    [InlineData(8, 0, Verdict.Allow)]
    [InlineData(8, 1, Verdict.Allow)]
    [InlineData(0, 0, Verdict.Drop)]
    public void An_icmp_type_without_a_code_matches_every_code(byte type, byte code, Verdict verdict) =>
        Assert.Equal(verdict, Decide(Policy(rules: [Ingress("r1", "icmp", 8)]), new Flow(Direction.Ingress, EtherType.IPv4, Protocol.Icmp, Peer, IcmpType: type, IcmpCode: code)).Verdict);

    [Fact]
    public void An_icmp_type_and_code_match_only_that_pair()
    {
        var policy = Policy(rules: [Ingress("r1", "icmp", 3, 4)]);
        Assert.Equal(Verdict.Allow, Decide(policy, new Flow(Direction.Ingress, EtherType.IPv4, Protocol.Icmp, Peer, IcmpType: 3, IcmpCode: 4)).Verdict);
        Assert.Equal(Verdict.Drop, Decide(policy, new Flow(Direction.Ingress, EtherType.IPv4, Protocol.Icmp, Peer, IcmpType: 3, IcmpCode: 3)).Verdict);
    }

    [Fact]
    public void A_rule_applies_only_to_its_direction_and_ethertype()
    {
        var policy = Policy(rules: [Ingress("r1", "tcp", 22, 22)]);
        Assert.Equal(Verdict.Drop, Decide(policy, Tcp(22, direction: Direction.Egress)).Verdict);
        Assert.Equal(Verdict.Drop, Decide(policy, new Flow(Direction.Ingress, EtherType.IPv6, Protocol.Tcp, IPAddress.Parse("2001:db8::1"), 22)).Verdict);
    }

    [Theory]
    [InlineData("198.19.0.1", Verdict.Allow)]
    [InlineData("198.19.255.255", Verdict.Allow)]
    [InlineData("198.20.0.0", Verdict.Drop)]
    [InlineData("198.18.9.9", Verdict.Allow)]
    [InlineData("198.18.9.10", Verdict.Drop)]
    public void An_address_group_matches_every_cidr_of_the_rules_ethertype(string peer, Verdict verdict)
    {
        var cidrs = ImmutableDictionary<string, ImmutableArray<IPNetwork>>.Empty.Add("office", [IPNetwork.Parse("198.19.0.0/16"), IPNetwork.Parse("2001:db8:9::/48"), IPNetwork.Parse("198.18.9.9/32")]);
        var policy = Policy(rules: [Ingress("r1", "tcp", 22, 22, new Remote.AddressGroup("office"))]) with { AddressGroups = cidrs };

        Assert.Equal(verdict, Decide(policy, Tcp(22, IPAddress.Parse(peer))).Verdict);
    }

    [Fact]
    public void An_address_group_rule_of_one_family_ignores_the_groups_cidrs_of_the_other()
    {
        var cidrs = ImmutableDictionary<string, ImmutableArray<IPNetwork>>.Empty.Add("office", [IPNetwork.Parse("198.19.0.0/16"), IPNetwork.Parse("2001:db8:9::/48")]);
        var policy = Policy(rules: [Ingress("r6", "tcp", 22, 22, new Remote.AddressGroup("office"), EtherType.IPv6)]) with { AddressGroups = cidrs };

        Assert.Equal(Verdict.Allow, Decide(policy, new Flow(Direction.Ingress, EtherType.IPv6, Protocol.Tcp, IPAddress.Parse("2001:db8:9::1"), 22)).Verdict);
        Assert.Equal(Verdict.Drop, Decide(policy, new Flow(Direction.Ingress, EtherType.IPv6, Protocol.Tcp, IPAddress.Parse("2001:db8:a::1"), 22)).Verdict);
        Assert.Equal(Verdict.Drop, Decide(policy, Tcp(22, IPAddress.Parse("198.19.0.1"))).Verdict);
    }

    [Fact]
    public void An_address_group_and_a_remote_group_with_the_same_id_stay_apart()
    {
        var members = ImmutableDictionary<string, ImmutableArray<IPNetwork>>.Empty.Add("same", [IPNetwork.Parse("198.18.5.5/32")]);
        var cidrs = ImmutableDictionary<string, ImmutableArray<IPNetwork>>.Empty.Add("same", [IPNetwork.Parse("198.19.7.0/24")]);
        var policy = Policy(rules: [Ingress("group", "tcp", 80, 80, new Remote.Group("same")), Ingress("addresses", "tcp", 443, 443, new Remote.AddressGroup("same"))], groups: members) with { AddressGroups = cidrs };

        Assert.Equal(Verdict.Allow, Decide(policy, Tcp(80, IPAddress.Parse("198.18.5.5"))).Verdict);
        Assert.Equal(Verdict.Drop, Decide(policy, Tcp(80, IPAddress.Parse("198.19.7.1"))).Verdict);
        Assert.Equal(Verdict.Allow, Decide(policy, Tcp(443, IPAddress.Parse("198.19.7.1"))).Verdict);
        Assert.Equal(Verdict.Drop, Decide(policy, Tcp(443, IPAddress.Parse("198.18.5.5"))).Verdict);
    }

    [Fact]
    public void An_address_group_the_policy_does_not_carry_matches_nothing() =>
        Assert.Equal(Verdict.Drop, Decide(Policy(rules: [Ingress("r1", "any", remote: new Remote.AddressGroup("gone"))]), Tcp(22)).Verdict);

    [Fact]
    public void Explain_names_the_address_group_rule_that_matched()
    {
        var cidrs = ImmutableDictionary<string, ImmutableArray<IPNetwork>>.Empty.Add("office", [IPNetwork.Parse("203.0.113.0/24")]);
        var policy = Policy(rules: [Ingress("r1", "tcp", 22, 22, new Remote.AddressGroup("office")), Ingress("r2", "tcp", 22, 22, Remote.Prefix.Of(IPNetwork.Parse("198.19.0.0/16")))]) with { AddressGroups = cidrs };

        Assert.Equal(["r1"], PolicyClassifier.Compile(policy).Explain(Tcp(22)).MatchedRules.Select(m => m.Rule.Id));
    }

    [Fact]
    public void Nothing_matching_is_the_implicit_deny() =>
        Assert.Equal(new Decision(Verdict.Drop, DecisionStep.ImplicitDeny), Decide(Policy(rules: [Ingress("r1", "udp", 53, 53)]), Tcp(53)));

    [Fact]
    public void Explain_lists_every_matching_rule_in_order()
    {
        var policy = Policy(rules: [Ingress("r1", "tcp", 1, 1024), Ingress("r2", "udp"), Ingress("r3", "any"), Ingress("r4", "tcp", 22, 22)]);
        var explained = PolicyClassifier.Compile(policy).Explain(Tcp(22));
        Assert.Equal(["r1", "r3", "r4"], explained.MatchedRules.Select(m => m.Rule.Id));
    }

    [Fact]
    public void A_flow_whose_peer_is_of_the_other_family_is_refused() =>
        Assert.Throws<ArgumentException>(() => PolicyClassifier.Compile(Policy()).Classify(new Flow(Direction.Ingress, EtherType.IPv6, Protocol.Tcp, Peer, 22)));
}
