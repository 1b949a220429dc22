using Palisade.Agent.Apply;
using Palisade.Core.Feed;
using Palisade.Nftables;

namespace Palisade.Agent.Tests.Apply;

public sealed class PolicyReaderTests
{
    private static PortPolicy Port(string id, string address, IReadOnlyList<string> members) => new(
        id, "p1", "n1", "tap" + id, null, true,
        [new FixedIpEntry("s4", address)], [], true, ["web"], [address + "/32"], [],
        [
            new RuleEntry("r1", "web", true, "ingress", "IPv4", "tcp", 443, 443, null, null, "clients", false),
            new RuleEntry("r2", "web", true, "egress", "IPv4", null, null, null, null, null, null, false),
        ],
        new Dictionary<string, IReadOnlyList<string>> { ["clients"] = members },
        []);

    private static HostPolicy Host(long revision, params PortPolicy[] ports) => new("h1", revision, ports);

    [Fact]
    public void Policies_are_what_PolicyWire_makes_of_each_port()
    {
        var ports = new[] { Port("a", "198.18.0.1", ["198.18.1.0/24", "198.18.2.7/32"]), Port("b", "198.18.0.2", ["198.18.1.0/24", "198.18.2.7/32"]) };

        var policies = new PolicyReader().Read(Host(1, ports)).Reading!.Policies;

        var expected = ports.Select(PolicyWire.ToEffectivePolicy).ToList();
        Assert.Equal(RulesetRenderer.Render(expected), RulesetRenderer.Render(policies));
        for (var i = 0; i < ports.Length; i++)
        {
            Assert.Equal(expected[i].Rules.Select(r => r.ToString()), policies[i].Rules.Select(r => r.ToString())); // records holding arrays compare by reference
            Assert.Equal(expected[i].RemoteGroups["clients"].Select(m => m.ToString()), policies[i].RemoteGroups["clients"].Select(m => m.ToString()));
            Assert.Equal(expected[i].Stateful, policies[i].Stateful);
        }
    }

    [Fact]
    public void A_ports_fingerprint_changes_with_its_groups_members_and_only_then()
    {
        var reader = new PolicyReader();
        var first = reader.Read(Host(1, Port("a", "198.18.0.1", ["198.18.1.1/32"]))).Reading!;
        var same = reader.Read(Host(2, Port("a", "198.18.0.1", ["198.18.1.1/32"]))).Reading!;
        var joined = reader.Read(Host(3, Port("a", "198.18.0.1", ["198.18.1.1/32", "198.18.1.2/32"]))).Reading!;

        Assert.Equal(first.Fingerprints["a"], same.Fingerprints["a"]);
        Assert.NotEqual(same.Fingerprints["a"], joined.Fingerprints["a"]);
        Assert.Equal(same.Structures["a"], joined.Structures["a"]);
        Assert.NotEqual(same.Members["clients"].Version, joined.Members["clients"].Version);
    }

    [Fact]
    public void An_invalid_member_is_refused_as_PolicyWire_refuses_it() =>
        Assert.Contains("'not-a-cidr' is not a CIDR", new PolicyReader().Read(Host(1, Port("a", "198.18.0.1", ["not-a-cidr"]))).Problem, StringComparison.Ordinal);

    [Fact]
    public void Address_groups_are_read_as_PolicyWire_reads_them_and_a_change_to_them_is_structural()
    {
        PortPolicy WithOffice(string id, string address, params string[] cidrs) => Port(id, address, []) with
        {
            Rules = [new RuleEntry("r3", "web", true, "ingress", "IPv4", "tcp", 22, 22, null, null, null, false, "office")],
            AddressGroups = new Dictionary<string, IReadOnlyList<string>> { ["office"] = cidrs },
        };
        var reader = new PolicyReader();

        var first = reader.Read(Host(1, WithOffice("a", "198.18.0.1", "198.19.0.0/16", "2001:db8:1::/48"), WithOffice("b", "198.18.0.2", "198.19.0.0/16", "2001:db8:1::/48"))).Reading!;
        var changed = reader.Read(Host(2, WithOffice("a", "198.18.0.1", "198.19.0.0/16"), WithOffice("b", "198.18.0.2", "198.19.0.0/16"))).Reading!;

        Assert.Equal(RulesetRenderer.Render([.. first.Policies.Select(p => PolicyWire.ToEffectivePolicy(PolicyWire.ToWire(p)))]), RulesetRenderer.Render(first.Policies));
        Assert.Equal(["198.19.0.0/16", "2001:db8:1::/48"], first.Policies[1].AddressGroups["office"].Select(c => c.ToString()));
        Assert.Equal(["198.19.0.0/16"], changed.Policies[0].AddressGroups["office"].Select(c => c.ToString()));
        Assert.NotEqual(first.Structures["a"], changed.Structures["a"]);
        Assert.NotNull(reader.Read(Host(3, WithOffice("a", "198.18.0.1", "not-a-cidr"))).Problem);
    }

    /// <summary>Feeds as JSON the server could send: each deserializes, but has a hole the record types say cannot be there.</summary>
    public static TheoryData<string, string> FeedsWithHoles => new()
    {
        { """{"host":"h1","revision":3,"ports":[null]}""", "ports[0] is missing or null" },
        { """{"host":"h1","revision":3}""", "ports is missing or null" },
        { """{"host":"h1","revision":-1,"ports":[]}""", "revision -1 is negative" },
        { """{"host":"h1","revision":3,"ports":[{"port_id":"a","project_id":"p","network_id":"n","device":"tapa","port_security_enabled":true,"fixed_ips":[null],"allowed_address_pairs":[],"stateful":true,"security_groups":[],"source_addresses":[],"intra_subnet_cidrs":[],"rules":[],"remote_groups":{},"platform_policies":[]}]}""", "ports[0].fixed_ips[0] is missing or null" },
        { """{"host":"h1","revision":3,"ports":[{"port_id":"a","project_id":"p","network_id":"n","device":"tapa","port_security_enabled":true,"fixed_ips":[],"allowed_address_pairs":[],"stateful":true,"security_groups":["web"],"source_addresses":[],"intra_subnet_cidrs":[],"rules":[],"remote_groups":{"clients":[]},"platform_policies":[]}],"remote_groups":{"clients":null},"group_rules":{"web":[null]}}""", "remote_groups.clients is missing or null; group_rules.web[0] is missing or null" },
        { """{"host":"h1","revision":3,"ports":[{"port_id":null,"device":"tapa","rules":[{"id":"r"}]}]}""", "ports[0].port_id is missing or null; ports[0].project_id is missing or null" },
        { """{"host":"h1","revision":3,"ports":[{"port_id":"a","project_id":"p","network_id":"n","device":"tapa","port_security_enabled":true,"fixed_ips":[],"allowed_address_pairs":[],"stateful":true,"security_groups":[],"source_addresses":[],"intra_subnet_cidrs":[],"rules":[],"remote_groups":{"missing":[]},"platform_policies":[]}],"remote_groups":{}}""", "port a names remote group missing, which the host policy does not carry" },
    };

    [Theory]
    [MemberData(nameof(FeedsWithHoles))]
    public void A_feed_with_a_hole_is_refused_as_a_value_naming_the_hole(string json, string problem)
    {
        var feed = System.Text.Json.JsonSerializer.Deserialize<HostPolicy>(json, Palisade.Agent.Watch.AgentJson.Options);

        var result = new PolicyReader().Read(feed);

        Assert.Null(result.Reading);
        Assert.StartsWith(problem, result.Problem, StringComparison.Ordinal);
    }
}
