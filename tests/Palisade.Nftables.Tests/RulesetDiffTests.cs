using System.Net;
using Palisade.Core.Model;
using static Palisade.Nftables.Tests.Hosts;

namespace Palisade.Nftables.Tests;

public sealed class RulesetDiffTests
{
    [Fact]
    public void A_new_member_elsewhere_is_one_added_element()
    {
        var before = HostWithApps(Port("app-1", "10.0.0.6", host: "h2"));
        var after = HostWithApps(Port("app-1", "10.0.0.6", host: "h2"), Port("app-2", "10.0.0.7", "2001:db8:1::7", host: "h3"));

        var delta = RulesetDiff.Compute(before, after);

        Assert.NotNull(delta);
        Assert.Equal(
            "add element inet palisade group_app_v4 { 10.0.0.7 }\nadd element inet palisade group_app_v6 { 2001:db8:1::7 }\n",
            delta.ToTransaction());
    }

    [Fact]
    public void A_changed_address_group_is_an_element_change()
    {
        var office = Group("office", true, Rule("office-ssh", "office", Direction.Ingress, protocol: "tcp", min: 22, max: 22, remote: new Remote.AddressGroup("ag")));
        IReadOnlyList<Core.Policy.EffectivePolicy> Host(params string[] cidrs) =>
            Build([office], [Port("port-o", "10.0.0.50")], [Bind("office", "port-o")], addressGroups: [AddressGroup("ag", cidrs)]);

        var delta = RulesetDiff.Compute(Host("192.0.2.0/24", "198.51.100.7/32"), Host("192.0.2.0/24", "198.19.0.0/16", "2001:db8:ff::/48"));

        Assert.NotNull(delta);
        Assert.Equal(
            "delete element inet palisade addrgroup_ag_v4 { 198.51.100.7 }\nadd element inet palisade addrgroup_ag_v4 { 198.19.0.0/16 }\n",
            delta.ToTransaction());
    }

    [Fact]
    public void Nothing_changed_is_an_empty_delta()
    {
        var host = HostWithApps(Port("app-1", "10.0.0.6", host: "h2"));

        var delta = RulesetDiff.Compute(host, host);

        Assert.NotNull(delta);
        Assert.True(delta.IsEmpty);
        Assert.Equal(string.Empty, delta.ToTransaction());
    }

    [Fact]
    public void A_new_rule_needs_a_full_render()
    {
        var before = HostWithApps();
        var after = Build([Db with { Rules = Db.Rules.Add(Rule("db-ssh", "db", Direction.Ingress, protocol: "tcp", min: 22, max: 22)) }, App],
            [Port("db-1", "10.0.0.5", "2001:db8:1::5")], [Bind("db", "db-1")]);

        Assert.Null(RulesetDiff.Compute(before, after));
    }

    [Fact]
    public void A_new_local_port_needs_a_full_render()
    {
        Assert.Null(RulesetDiff.Compute(HostWithApps(), HostWithApps(Port("app-1", "10.0.0.6"))));
    }

    [Fact]
    public async Task Previous_table_plus_delta_equals_the_next_table_in_the_kernel()
    {
        // 10.0.0.8 alone, then a pair 10.0.0.8/29 that swallows it: the element is replaced, not added beside.
        var before = HostWithApps(Port("app-1", "10.0.0.8", host: "h2"), Port("app-2", "10.0.0.20", host: "h2"), Port("app-3", "10.0.0.30", "2001:db8:1::30", host: "h2"));
        var after = HostWithApps(
            Port("app-1", "10.0.0.9", host: "h2", pairs: new AllowedAddressPair(IPNetwork.Parse("10.0.0.8/29"))),
            Port("app-3", "10.0.0.30", host: "h2"),
            Port("app-4", "10.0.0.40", "2001:db8:1::40", host: "h2"));
        var delta = RulesetDiff.Compute(before, after);
        Assert.NotNull(delta);

        var patched = await Nft.ApplyInNamespaceAsync(RulesetRenderer.Render(before), delta.ToTransaction());
        var fresh = await Nft.ApplyInNamespaceAsync(RulesetRenderer.Render(after));

        Assert.Equal(fresh, patched);
    }
}
