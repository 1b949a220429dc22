using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Validation;

namespace Palisade.Core.Tests.Validation;

public sealed class RuleValidatorTests
{
    private static RuleValidation Validate(RuleDraft draft) => RuleValidator.Validate(draft, "r1", "g1");

    private static void AssertRefused(RuleDraft draft, string field, string messagePart)
    {
        var result = Validate(draft);
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Field == field && e.Message.Contains(messagePart, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_minimal_rule_defaults_to_IPv4_any_protocol_any_remote()
    {
        var result = Validate(new RuleDraft("egress"));
        Assert.True(result.IsValid);
        Assert.Equal(new SecurityGroupRule("r1", "g1", Direction.Egress, EtherType.IPv4, Protocol.Any), result.Rule);
    }

    /// <summary>Neutron's api-ref: "The string any (or integer 0) means all IP protocols"; ip and hopopt are names of 0.</summary>
    [Theory]
    [InlineData("0", "IPv4")]
    [InlineData("ip", "IPv4")]
    [InlineData("hopopt", "IPv6")]
    public void Protocol_0_is_any_protocol(string protocol, string etherType) =>
        Assert.Equal(Protocol.Any, Validate(new RuleDraft("ingress", etherType, protocol)).Rule!.Protocol);

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("INGRESS", "not a direction")]
    [InlineData("inbound", "not a direction")]
    public void Direction_must_be_ingress_or_egress(string? direction, string message) =>
        AssertRefused(new RuleDraft(direction), "direction", message);

    [Theory]
    [InlineData("ipv6", EtherType.IPv6)]
    [InlineData("IPV4", EtherType.IPv4)]
    [InlineData("IPv6", EtherType.IPv6)]
    public void Ethertype_is_case_insensitive(string text, EtherType expected) =>
        Assert.Equal(expected, Validate(new RuleDraft("ingress", text)).Rule!.EtherType);

    [Fact]
    public void Unknown_ethertype_is_refused() =>
        AssertRefused(new RuleDraft("ingress", "IPv5"), "ethertype", "not an ethertype");

    [Theory]
    [InlineData("tcpx")]
    [InlineData("256")]
    [InlineData("-1")]
    public void Unknown_protocols_are_refused(string protocol) =>
        AssertRefused(new RuleDraft("ingress", Protocol: protocol), "protocol", "not a protocol");

    [Theory]
    [InlineData("icmp")]
    [InlineData("1")]
    [InlineData("icmpv6")]
    public void Icmp_in_an_IPv6_rule_means_ipv6_icmp(string protocol) =>
        Assert.Equal(Protocol.IcmpV6, Validate(new RuleDraft("ingress", "IPv6", protocol)).Rule!.Protocol.Number);

    [Theory]
    [InlineData("ipv6-icmp")]
    [InlineData("icmpv6")]
    [InlineData("58")]
    [InlineData("ipv6-frag")]
    [InlineData("41")]
    public void IPv6_only_protocols_are_refused_for_IPv4(string protocol) =>
        AssertRefused(new RuleDraft("ingress", "IPv4", protocol), "protocol", "only for IPv6");

    [Theory]
    [InlineData("tcp", 22, 22)]
    [InlineData("udp", 1024, 65535)]
    [InlineData("sctp", 1, 1)]
    [InlineData("dccp", 5000, 5001)]
    [InlineData("udplite", 9, 9)]
    [InlineData("6", 80, 80)]
    public void Port_protocols_take_a_port_range(string protocol, int min, int max)
    {
        var rule = Validate(new RuleDraft("ingress", Protocol: protocol, PortRangeMin: min, PortRangeMax: max)).Rule!;
        Assert.Equal((min, max), (rule.PortRangeMin!.Value, rule.PortRangeMax!.Value));
    }

    [Fact]
    public void The_whole_port_range_means_no_ports()
    {
        var rule = Validate(new RuleDraft("ingress", Protocol: "tcp", PortRangeMin: 1, PortRangeMax: 65535)).Rule!;
        Assert.Null(rule.PortRangeMin);
        Assert.Null(rule.PortRangeMax);
    }

    [Theory]
    [InlineData(80, null, "port_range_max", "required")]
    [InlineData(null, 80, "port_range_min", "required")]
    [InlineData(0, 80, "port_range_min", "not a port")]
    [InlineData(80, 0, "port_range_max", "not a port")]
    [InlineData(80, 65536, "port_range_max", "not a port")]
    [InlineData(-5, 10, "port_range_min", "not a port")]
    [InlineData(443, 80, "port_range_min", "greater than")]
    public void Port_ranges_need_both_ends_in_order_within_1_to_65535(int? min, int? max, string field, string message) =>
        AssertRefused(new RuleDraft("ingress", Protocol: "tcp", PortRangeMin: min, PortRangeMax: max), field, message);

    [Theory]
    [InlineData(null)]
    [InlineData("any")]
    public void Ports_need_a_protocol(string? protocol) =>
        AssertRefused(new RuleDraft("ingress", Protocol: protocol, PortRangeMin: 80, PortRangeMax: 80), "port_range_min", "need a protocol");

    [Theory]
    [InlineData("gre")]
    [InlineData("vrrp")]
    [InlineData("47")]
    public void Protocols_without_ports_refuse_a_port_range(string protocol) =>
        AssertRefused(new RuleDraft("ingress", Protocol: protocol, PortRangeMin: 80, PortRangeMax: 80), "port_range_min", "has no ports");

    [Theory]
    [InlineData(3, 2)]
    [InlineData(8, 0)]
    [InlineData(0, 0)]
    [InlineData(11, null)]
    [InlineData(255, 255)]
    public void Icmp_takes_a_type_and_an_optional_code(int type, int? code)
    {
        var rule = Validate(new RuleDraft("ingress", Protocol: "icmp", PortRangeMin: type, PortRangeMax: code)).Rule!;
        Assert.Equal((type, code), (rule.PortRangeMin!.Value, rule.PortRangeMax));
    }

    [Theory]
    [InlineData(256, null, "port_range_min", "type 256")]
    [InlineData(-1, null, "port_range_min", "type -1")]
    [InlineData(3, 256, "port_range_max", "code 256")]
    [InlineData(null, 0, "port_range_max", "type (port_range_min) is missing")]
    public void Icmp_type_and_code_are_0_to_255_and_a_code_needs_a_type(int? type, int? code, string field, string message) =>
        AssertRefused(new RuleDraft("ingress", Protocol: "icmp", PortRangeMin: type, PortRangeMax: code), field, message);

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("10.0.0.34/24", "10.0.0.0/24")]
    [InlineData("192.0.2.7", "192.0.2.7/32")]
    public void Prefixes_are_parsed_to_their_network(string text, string network)
    {
        var remote = Assert.IsType<Remote.Prefix>(Validate(new RuleDraft("ingress", RemoteIpPrefix: text)).Rule!.Remote);
        Assert.Equal(IPNetwork.Parse(network), remote.Network);
    }

    [Fact]
    public void A_bare_IPv6_address_becomes_a_host_prefix()
    {
        var remote = Assert.IsType<Remote.Prefix>(Validate(new RuleDraft("ingress", "IPv6", RemoteIpPrefix: "2001:db8::1")).Rule!.Remote);
        Assert.Equal(128, remote.Network.PrefixLength);
    }

    [Theory]
    [InlineData("0.0.0.0/0", "IPv4")]
    [InlineData("::/0", "IPv6")]
    public void A_zero_length_prefix_is_no_remote(string prefix, string etherType) =>
        Assert.Null(Validate(new RuleDraft("ingress", etherType, RemoteIpPrefix: prefix)).Rule!.Remote);

    [Theory]
    [InlineData("192.168.1./24")]
    [InlineData("192.168.1.1/33")]
    [InlineData("bad_prefix")]
    [InlineData("256")]
    [InlineData("10.1")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("fe80::1%eth0/64")]
    [InlineData("2001:db8::/129")]
    public void Malformed_prefixes_are_refused(string prefix) =>
        AssertRefused(new RuleDraft("ingress", prefix.Contains(':') ? "IPv6" : "IPv4", RemoteIpPrefix: prefix), "remote_ip_prefix", "not a CIDR");

    [Theory]
    [InlineData("IPv6", "10.0.0.0/24", "IPv4 prefix")]
    [InlineData("IPv4", "2001:db8::/32", "IPv6 prefix")]
    public void A_prefix_must_match_the_ethertype(string etherType, string prefix, string message) =>
        AssertRefused(new RuleDraft("ingress", etherType, RemoteIpPrefix: prefix), "remote_ip_prefix", message);

    [Fact]
    public void A_range_is_inclusive_and_of_one_family()
    {
        var remote = Assert.IsType<Remote.Range>(Validate(new RuleDraft("egress", RemoteIpRange: "198.51.100.10-198.51.100.20")).Rule!.Remote);
        Assert.Equal(IPAddress.Parse("198.51.100.10"), remote.First);
        Assert.Equal(IPAddress.Parse("198.51.100.20"), remote.Last);
    }

    [Theory]
    [InlineData("IPv4", "10.0.0.9-10.0.0.1", "starts after it ends")]
    [InlineData("IPv4", "10.0.0.1-2001:db8::1", "mixes")]
    [InlineData("IPv4", "10.0.0.1", "not a range")]
    [InlineData("IPv4", "10.0.0.1-10.0.0", "not a range")]
    [InlineData("IPv6", "10.0.0.1-10.0.0.2", "IPv4 range")]
    public void Malformed_ranges_are_refused(string etherType, string range, string message) =>
        AssertRefused(new RuleDraft("egress", etherType, RemoteIpRange: range), "remote_ip_range", message);

    [Fact]
    public void At_most_one_remote_may_be_given() =>
        AssertRefused(new RuleDraft("ingress", RemoteIpPrefix: "10.0.0.0/8", RemoteGroupId: "g2"), "remote_ip_prefix", "only one of");

    [Fact]
    public void A_remote_group_is_kept_by_id() =>
        Assert.Equal(new Remote.Group("g2"), Validate(new RuleDraft("ingress", RemoteGroupId: "g2")).Rule!.Remote);

    [Theory]
    [InlineData("IPv4")]
    [InlineData("IPv6")]
    public void An_address_group_is_kept_by_id_for_either_ethertype(string etherType) =>
        Assert.Equal(new Remote.AddressGroup("ag1"), Validate(new RuleDraft("ingress", etherType, RemoteAddressGroupId: "ag1")).Rule!.Remote);

    [Theory]
    [InlineData("198.18.0.0/16", null)]
    [InlineData(null, "g2")]
    public void An_address_group_and_another_remote_are_refused(string? prefix, string? group) =>
        AssertRefused(new RuleDraft("ingress", RemoteIpPrefix: prefix, RemoteGroupId: group, RemoteAddressGroupId: "ag1"), "remote_ip_prefix", "only one of");

    [Fact]
    public void A_long_description_is_refused() =>
        AssertRefused(new RuleDraft("ingress", Description: new string('x', 256)), "description", "at most 255");

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = Validate(new RuleDraft("sideways", "IPv7", "tcp", Description: new string('x', 300)));
        Assert.Equal(["direction", "ethertype", "description"], result.Errors.Select(e => e.Field));
    }
}
