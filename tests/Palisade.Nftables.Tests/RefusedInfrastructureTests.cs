using Palisade.Core.Model;
using static Palisade.Nftables.Tests.Hosts;

namespace Palisade.Nftables.Tests;

/// <summary>
/// A router advertisement or a DHCP/DHCPv6 server reply leaving a port is dropped first, before
/// conntrack and the rules (FlowMatching.IsRefusedInfrastructure; Neutron's iptables_firewall.py).
/// </summary>
public sealed class RefusedInfrastructureTests
{
    private static readonly string Ruleset = RulesetRenderer.Render(Build(
        [Group("open", true, Rule("out4", "open", Direction.Egress), Rule("out6", "open", Direction.Egress, EtherType.IPv6))],
        [Port("vm", "10.0.0.5", "2001:db8:1::5")],
        [Bind("open", "vm")]));

    [Fact]
    public void The_egress_chain_of_a_port_jumps_to_the_refusals_before_conntrack()
    {
        var chain = Chain("out_vm");

        Assert.StartsWith("jump infra_refused_out\n\t\tct state established,related accept", chain, StringComparison.Ordinal);
    }

    [Fact]
    public void The_refusals_drop_router_advertisements_and_dhcp_and_dhcpv6_server_replies()
    {
        var chain = Chain("infra_refused_out");

        Assert.Equal(
            "meta nfproto ipv6 icmpv6 type nd-router-advert drop\n\t\tmeta nfproto ipv4 udp sport 67 udp dport 68 drop\n\t\tmeta nfproto ipv6 udp sport 547 udp dport 546 drop",
            chain.TrimEnd());
    }

    [Fact]
    public void The_ingress_chain_of_a_port_does_not_jump_to_the_refusals() =>
        Assert.DoesNotContain("infra_refused_out", Chain("in_vm"), StringComparison.Ordinal);

    /// <summary>The rules of a chain, one per line as the writer puts them.</summary>
    private static string Chain(string name)
    {
        var start = Ruleset.IndexOf($"\tchain {name} {{\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no chain {name} in:\n{Ruleset}");
        var body = start + $"\tchain {name} {{\n".Length;
        return Ruleset[body..Ruleset.IndexOf("\n\t}", body, StringComparison.Ordinal)].Trim();
    }
}
