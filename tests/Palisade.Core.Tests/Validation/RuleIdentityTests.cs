using Palisade.Core.Model;
using Palisade.Core.Validation;

namespace Palisade.Core.Tests.Validation;

public sealed class RuleIdentityTests
{
    private static SecurityGroupRule Rule(string id, RuleDraft draft) =>
        RuleValidator.Validate(draft, id, "g1").Rule ?? throw new InvalidOperationException("invalid test rule");

    [Theory]
    [InlineData("tcp", "6")]
    [InlineData("udp", "17")]
    [InlineData(null, "any")]
    public void Protocol_names_equal_their_numbers(string? a, string b) =>
        Assert.Equal(
            RuleIdentity.Of(Rule("a", new RuleDraft("ingress", Protocol: a))),
            RuleIdentity.Of(Rule("b", new RuleDraft("ingress", Protocol: b))));

    [Fact]
    public void A_zero_prefix_equals_no_remote() =>
        Assert.Equal(
            RuleIdentity.Of(Rule("a", new RuleDraft("egress", RemoteIpPrefix: "0.0.0.0/0"))),
            RuleIdentity.Of(Rule("b", new RuleDraft("egress"))));

    [Fact]
    public void The_full_port_range_equals_no_ports() =>
        Assert.Equal(
            RuleIdentity.Of(Rule("a", new RuleDraft("ingress", Protocol: "tcp", PortRangeMin: 1, PortRangeMax: 65535))),
            RuleIdentity.Of(new SecurityGroupRule("b", "g1", Direction.Ingress, EtherType.IPv4, Protocol.Of(6))));

    [Fact]
    public void Description_and_log_do_not_make_a_rule_different() =>
        Assert.Equal(
            RuleIdentity.Of(Rule("a", new RuleDraft("ingress", Protocol: "tcp", PortRangeMin: 22, PortRangeMax: 22, Description: "ssh", Log: true))),
            RuleIdentity.Of(Rule("b", new RuleDraft("ingress", Protocol: "tcp", PortRangeMin: 22, PortRangeMax: 22))));

    [Fact]
    public void Prefixes_compare_by_network() =>
        Assert.Equal(
            RuleIdentity.Of(Rule("a", new RuleDraft("ingress", RemoteIpPrefix: "10.0.0.34/24"))),
            RuleIdentity.Of(Rule("b", new RuleDraft("ingress", RemoteIpPrefix: "10.0.0.0/24"))));

    [Theory]
    [InlineData("egress", "IPv4", "tcp", 22, "10.0.0.0/8")]
    [InlineData("ingress", "IPv6", "tcp", 22, null)]
    [InlineData("ingress", "IPv4", "udp", 22, "10.0.0.0/8")]
    [InlineData("ingress", "IPv4", "tcp", 23, "10.0.0.0/8")]
    [InlineData("ingress", "IPv4", "tcp", 22, "10.0.0.0/9")]
    public void Rules_differing_in_any_matching_field_are_different(string direction, string etherType, string protocol, int port, string? prefix)
    {
        var baseline = Rule("a", new RuleDraft("ingress", "IPv4", "tcp", 22, 22, "10.0.0.0/8"));
        var other = Rule("b", new RuleDraft(direction, etherType, protocol, port, port, prefix));
        Assert.NotEqual(RuleIdentity.Of(baseline), RuleIdentity.Of(other));
    }

    [Fact]
    public void An_address_group_is_its_own_remote_kind()
    {
        var addressGroup = RuleIdentity.Of(Rule("a", new RuleDraft("ingress", RemoteAddressGroupId: "x")));

        Assert.Equal(addressGroup, RuleIdentity.Of(Rule("b", new RuleDraft("ingress", RemoteAddressGroupId: "x", Description: "again"))));
        Assert.NotEqual(addressGroup, RuleIdentity.Of(Rule("c", new RuleDraft("ingress", RemoteAddressGroupId: "y"))));
        Assert.NotEqual(addressGroup, RuleIdentity.Of(Rule("d", new RuleDraft("ingress", RemoteGroupId: "x"))));
    }

    [Fact]
    public void FindDuplicate_names_the_existing_rule()
    {
        var existing = new[]
        {
            Rule("r-ssh", new RuleDraft("ingress", Protocol: "tcp", PortRangeMin: 22, PortRangeMax: 22)),
            Rule("r-web", new RuleDraft("ingress", Protocol: "tcp", PortRangeMin: 80, PortRangeMax: 80)),
        };
        var candidate = Rule("new", new RuleDraft("ingress", Protocol: "6", PortRangeMin: 80, PortRangeMax: 80, Description: "again"));
        Assert.Equal("r-web", RuleIdentity.FindDuplicate(existing, candidate)?.Id);
    }

    [Fact]
    public void FindDuplicate_finds_nothing_for_a_new_rule() =>
        Assert.Null(RuleIdentity.FindDuplicate(
            [Rule("r-ssh", new RuleDraft("ingress", Protocol: "tcp", PortRangeMin: 22, PortRangeMax: 22))],
            Rule("new", new RuleDraft("ingress", Protocol: "tcp", PortRangeMin: 2222, PortRangeMax: 2222))));
}
