using Palisade.Core.Feed;

namespace Palisade.Core.Tests.Feed;

public sealed class HostPolicyCompactionTests
{
    private static readonly RuleEntry WebRule = new("r1", "g", true, "ingress", "IPv4", "tcp", 80, 80, null, null, "web", false);

    private static PortPolicy Port(string id, params (string Group, string[] Members)[] groups) => new(
        id, "p1", "n1", "tap" + id, null, true, [], [], true, ["g"], [], [], [WebRule],
        groups.ToDictionary(g => g.Group, g => (IReadOnlyList<string>)g.Members), []);

    [Fact]
    public void Members_travel_once_per_host_and_come_back_per_port()
    {
        var host = new HostPolicy("h1", 7, [Port("a", ("web", ["198.18.0.1/32", "198.18.0.2/32"])), Port("b", ("web", ["198.18.0.1/32", "198.18.0.2/32"]), ("db", ["198.18.1.1/32"]))]);

        var compact = PolicyWire.Compact(host);
        var expanded = PolicyWire.Expand(compact);

        Assert.All(compact.Ports, p => Assert.All(p.RemoteGroups.Values, Assert.Empty));
        Assert.All(compact.Ports, p => Assert.Empty(p.Rules));
        Assert.Equal([WebRule], compact.GroupRules!["g"]);
        Assert.All(expanded.Ports, p => Assert.Equal([WebRule], p.Rules));
        Assert.Equal(["db", "web"], compact.RemoteGroups!.Keys);
        Assert.Null(expanded.RemoteGroups);
        for (var i = 0; i < host.Ports.Count; i++)
        {
            Assert.Equal(host.Ports[i].RemoteGroups.OrderBy(g => g.Key).Select(g => (g.Key, string.Join(',', g.Value))), expanded.Ports[i].RemoteGroups.OrderBy(g => g.Key).Select(g => (g.Key, string.Join(',', g.Value))));
        }

        Assert.Same(expanded.Ports[0].RemoteGroups["web"], expanded.Ports[1].RemoteGroups["web"]);
    }

    [Fact]
    public void Ports_that_disagree_on_a_groups_rules_keep_their_own()
    {
        var other = WebRule with { Id = "r2", PortRangeMin = 443, PortRangeMax = 443 };
        var host = new HostPolicy("h1", 1, [Port("a"), Port("b") with { Rules = [other] }]);

        var compact = PolicyWire.Compact(host);

        Assert.Null(compact.GroupRules);
        Assert.Equal([other], PolicyWire.Expand(compact).Ports[1].Rules);
    }

    [Fact]
    public void A_port_naming_a_group_the_host_does_not_carry_is_refused()
    {
        var compact = PolicyWire.Compact(new HostPolicy("h1", 1, [Port("a", ("web", ["198.18.0.1/32"]))])) is var c ? c with { RemoteGroups = new Dictionary<string, IReadOnlyList<string>>() } : null!;

        Assert.Throws<FormatException>(() => PolicyWire.Expand(compact));
    }

    [Fact]
    public void A_feed_without_host_members_is_read_as_it_is()
    {
        var host = new HostPolicy("h1", 1, [Port("a", ("web", ["198.18.0.1/32"]))]);

        Assert.Same(host, PolicyWire.Expand(host));
    }

    [Fact]
    public void Address_group_cidrs_travel_once_per_host_and_come_back_per_port()
    {
        var rule = WebRule with { Id = "r9", RemoteGroupId = null, RemoteAddressGroupId = "office" };
        var cidrs = new Dictionary<string, IReadOnlyList<string>> { ["office"] = ["198.19.0.0/16", "2001:db8:1::/48"] };
        var host = new HostPolicy("h1", 3, [Port("a") with { Rules = [rule], AddressGroups = cidrs }, Port("b") with { Rules = [rule], AddressGroups = cidrs }]);

        var compact = PolicyWire.Compact(host);
        var expanded = PolicyWire.Expand(compact);
        var policy = PolicyWire.ToEffectivePolicy(expanded.Ports[0]);

        Assert.All(compact.Ports, p => Assert.Empty(p.AddressGroups!["office"]));
        Assert.Equal(cidrs["office"], compact.AddressGroups!["office"]);
        Assert.Null(expanded.AddressGroups);
        Assert.Same(expanded.Ports[0].AddressGroups!["office"], expanded.Ports[1].AddressGroups!["office"]);
        Assert.Equal(new Palisade.Core.Model.Remote.AddressGroup("office"), policy.Rules[0].Rule.Remote);
        Assert.Equal(["198.19.0.0/16", "2001:db8:1::/48"], policy.AddressGroups["office"].Select(c => c.ToString()));
        Assert.Equal(rule, PolicyWire.ToWire(policy).Rules[0]);
    }

    [Fact]
    public void A_port_naming_an_address_group_the_host_does_not_carry_is_refused()
    {
        var host = new HostPolicy("h1", 1, [Port("a") with { AddressGroups = new Dictionary<string, IReadOnlyList<string>> { ["office"] = [] } }], AddressGroups: new Dictionary<string, IReadOnlyList<string>>());

        Assert.Throws<FormatException>(() => PolicyWire.Expand(host));
    }
}
