using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Tests.Policy;

public sealed class EffectivePolicyBuilderTests
{
    private static readonly Project Tenant = new("p1", "tenant");
    private static readonly Project Space = new("p2", "space", GroupsManagedBy.Platform);

    private static SecurityGroup Group(string id, string? project = "p1", string name = "web", GroupStatus status = GroupStatus.Enabled, bool stateful = true, params SecurityGroupRule[] rules) =>
        new(id, project, name, [.. rules], Status: status, Stateful: stateful);

    private static SecurityGroupRule Rule(string id, string group, Remote? remote = null) =>
        new(id, group, Direction.Ingress, EtherType.IPv4, Protocol.Of(6), 80, 80, remote);

    private static Port Port(string id, string project = "p1", string? instance = null, PortPhase phase = PortPhase.None, string ip = "198.18.0.10", string? host = "h1") =>
        new(id, project, "n1", [new FixedIp("s1", IPAddress.Parse(ip))], InstanceId: instance, Host: host, Phase: phase);

    private static PolicySnapshot Snapshot(IEnumerable<SecurityGroup> groups, IEnumerable<Port> ports, IEnumerable<Binding> bindings, IEnumerable<Subnet>? subnets = null) =>
        new([Tenant, Space], [.. groups], [.. ports], [.. subnets ?? []], [.. bindings], []);

    [Fact]
    public void Groups_bound_at_every_scope_are_unioned()
    {
        var groups = new[] { "gp", "gi", "gj", "gg" }.Select(id => Group(id, rules: Rule("r-" + id, id))).ToList();
        var snapshot = Snapshot(groups, [Port("port1", instance: "vm1", phase: PortPhase.Running)],
        [
            new Binding("gp", BindingScope.Port, "port1"),
            new Binding("gi", BindingScope.Instance, "vm1"),
            new Binding("gj", BindingScope.Project, "p1", PortPhase.Running),
            new Binding("gg", BindingScope.Global, null, PortPhase.Running),
        ]);

        var policy = EffectivePolicyBuilder.Build(snapshot, "port1");

        Assert.Equal(["gg", "gi", "gj", "gp"], policy.GroupIds.AsEnumerable());
        Assert.Equal(["r-gg", "r-gi", "r-gj", "r-gp"], policy.Rules.Select(r => r.Rule.Id));
    }

    [Fact]
    public void Each_bound_group_is_given_with_every_scope_that_binds_it_and_only_groups_the_policy_has()
    {
        var groups = new[] { "gp", "gi", "gj", "gg" }.Select(id => Group(id, rules: Rule("r-" + id, id))).ToList();
        var snapshot = Snapshot(groups, [Port("port1", instance: "vm1", phase: PortPhase.Running)],
        [
            new Binding("gp", BindingScope.Port, "port1"),
            new Binding("gp", BindingScope.Instance, "vm1"),
            new Binding("gi", BindingScope.Instance, "vm1"),
            new Binding("gj", BindingScope.Project, "p1", PortPhase.Running),
            new Binding("gg", BindingScope.Global, null),
            new Binding("gone", BindingScope.Port, "port1"),
            new Binding("gj", BindingScope.Project, "p1", PortPhase.Staging),
        ]);
        var index = new PolicyIndex(snapshot);
        var port = snapshot.Ports[0];

        var origins = index.GroupOrigins(port);

        Assert.Equal(index.BoundGroupIds(port), origins.Select(o => o.GroupId));
        Assert.Equal(
            ["gg: Global", "gi: Instance", "gj: Project", "gp: Port, Instance"],
            origins.Select(o => $"{o.GroupId}: {string.Join(", ", o.Scopes)}"));
    }

    [Fact]
    public void Project_and_global_bindings_apply_only_to_ports_in_their_phase()
    {
        var snapshot = Snapshot([Group("staging"), Group("running")], [Port("port1", phase: PortPhase.Staging)],
        [
            new Binding("staging", BindingScope.Project, "p1", PortPhase.Staging),
            new Binding("running", BindingScope.Global, null, PortPhase.Running),
        ]);

        Assert.Equal(["staging"], EffectivePolicyBuilder.Build(snapshot, "port1").GroupIds.AsEnumerable());
    }

    /// <summary>docs/architecture.md, "Semantics decided": a binding without a phase applies in every phase.</summary>
    [Theory]
    [InlineData(PortPhase.Running)]
    [InlineData(PortPhase.Staging)]
    [InlineData(PortPhase.None)]
    public void Project_and_global_bindings_without_a_phase_apply_in_every_phase(PortPhase phase)
    {
        var snapshot = Snapshot([Group("space"), Group("platform")], [Port("port1", phase: phase)],
        [
            new Binding("space", BindingScope.Project, "p1"),
            new Binding("platform", BindingScope.Global, null),
        ]);

        Assert.Equal(["platform", "space"], EffectivePolicyBuilder.Build(snapshot, "port1").GroupIds.AsEnumerable());
    }

    [Fact]
    public void An_instance_binding_covers_every_port_of_the_instance()
    {
        var snapshot = Snapshot([Group("g1")], [Port("a", instance: "vm1"), Port("b", instance: "vm1", ip: "198.18.0.11"), Port("c", instance: "vm2", ip: "198.18.0.12")],
            [new Binding("g1", BindingScope.Instance, "vm1")]);

        Assert.Equal(["g1"], EffectivePolicyBuilder.Build(snapshot, "b").GroupIds.AsEnumerable());
        Assert.Empty(EffectivePolicyBuilder.Build(snapshot, "c").GroupIds.AsEnumerable());
    }

    /// <summary>The default group is bound when a port is created without groups (PortsApi), never as a fallback.</summary>
    [Fact]
    public void A_port_with_nothing_bound_is_in_no_group_not_its_projects_default()
    {
        var snapshot = Snapshot([Group("d1", name: "default", rules: Rule("r1", "d1")), Group("g1")], [Port("port1")], []);

        var policy = EffectivePolicyBuilder.Build(snapshot, "port1");

        Assert.Equal((0, 0), (policy.GroupIds.Length, policy.Rules.Length));
    }

    [Fact]
    public void A_port_of_a_platform_managed_project_gets_no_default_group()
    {
        var snapshot = Snapshot([Group("d2", project: "p2", name: "default")], [Port("port1", project: "p2")], []);
        Assert.Empty(EffectivePolicyBuilder.Build(snapshot, "port1").GroupIds.AsEnumerable());
    }

    [Fact]
    public void A_disabled_group_contributes_no_rules()
    {
        var snapshot = Snapshot([Group("g1", status: GroupStatus.Disabled, rules: Rule("r1", "g1")), Group("g2", rules: Rule("r2", "g2"))], [Port("port1")],
            [new Binding("g1", BindingScope.Port, "port1"), new Binding("g2", BindingScope.Port, "port1")]);

        var policy = EffectivePolicyBuilder.Build(snapshot, "port1");

        Assert.Equal(["g2"], policy.GroupIds.AsEnumerable());
        Assert.Equal(["r2"], policy.Rules.Select(r => r.Rule.Id));
    }

    [Fact]
    public void Remote_groups_resolve_to_fixed_ips_and_allowed_address_pairs_of_their_members()
    {
        var member = Port("m1", ip: "198.18.0.20") with { AllowedAddressPairs = [new AllowedAddressPair(IPNetwork.Parse("198.18.9.0/24"))] };
        var v6Member = new Port("m2", "p1", "n1", [new FixedIp("s6", IPAddress.Parse("2001:db8::20"))]);
        var snapshot = Snapshot([Group("web", rules: Rule("r1", "web", new Remote.Group("db"))), Group("db")], [Port("port1"), member, v6Member],
        [
            new Binding("web", BindingScope.Port, "port1"),
            new Binding("db", BindingScope.Port, "m1"),
            new Binding("db", BindingScope.Port, "m2"),
        ]);

        var policy = EffectivePolicyBuilder.Build(snapshot, "port1");

        Assert.Equal(
            ["198.18.0.20/32", "198.18.9.0/24", "2001:db8::20/128"],
            policy.RemoteGroups["db"].Select(n => n.ToString()).Order(StringComparer.Ordinal));
    }

    /// <summary>design.md §2: a port with port security disabled is bound to no group and is a member of none, whatever binds it.</summary>
    [Fact]
    public void A_port_with_port_security_off_is_a_member_of_no_group()
    {
        var defaultGroup = Group("d1", name: "default", rules: Rule("r1", "d1", new Remote.Group("d1")));
        var open = Port("b", instance: "vm2", ip: "198.18.0.11") with { PortSecurityEnabled = false };
        var snapshot = Snapshot([defaultGroup], [Port("a"), open],
            [new Binding("d1", BindingScope.Port, "a"), new Binding("d1", BindingScope.Instance, "vm2"), new Binding("d1", BindingScope.Project, "p1")]);

        Assert.Equal(["198.18.0.10/32"], EffectivePolicyBuilder.Build(snapshot, "a").RemoteGroups["d1"].Select(n => n.ToString()));
    }

    [Fact]
    public void Intra_subnet_cidrs_come_from_the_ports_subnets_that_allow_it()
    {
        var subnets = new[]
        {
            new Subnet("s1", "n1", IPNetwork.Parse("198.18.0.0/24")),
            new Subnet("s2", "n1", IPNetwork.Parse("198.18.1.0/24"), IntraSubnetAllowed: false),
        };
        var port = Port("port1") with { FixedIps = [new FixedIp("s1", IPAddress.Parse("198.18.0.10")), new FixedIp("s2", IPAddress.Parse("198.18.1.10"))] };
        var policy = EffectivePolicyBuilder.Build(Snapshot([], [port], [], subnets), "port1");

        Assert.Equal([IPNetwork.Parse("198.18.0.0/24")], policy.IntraSubnetCidrs.AsEnumerable());
        Assert.Equal(["198.18.0.10/32", "198.18.1.10/32"], policy.SourceAddresses.Select(n => n.ToString()));
    }

    [Fact]
    public void A_port_is_stateless_only_when_every_enabled_group_is()
    {
        var snapshot = Snapshot([Group("a", stateful: false), Group("b", stateful: true)], [Port("port1"), Port("port2", ip: "198.18.0.11")],
        [
            new Binding("a", BindingScope.Port, "port1"),
            new Binding("a", BindingScope.Port, "port2"),
            new Binding("b", BindingScope.Port, "port2"),
        ]);

        Assert.False(EffectivePolicyBuilder.Build(snapshot, "port1").Stateful);
        Assert.True(EffectivePolicyBuilder.Build(snapshot, "port2").Stateful);
    }

    [Fact]
    public void BuildForHost_returns_the_hosts_ports_in_id_order()
    {
        var snapshot = Snapshot([], [Port("z", host: "h1"), Port("a", host: "h1", ip: "198.18.0.11"), Port("m", host: "h2", ip: "198.18.0.12")], []);
        Assert.Equal(["a", "z"], EffectivePolicyBuilder.BuildForHost(snapshot, "h1").Select(p => p.Port.Id));
    }

    [Fact]
    public void Only_enabled_platform_policies_apply()
    {
        var snapshot = Snapshot([], [Port("port1")], []) with
        {
            PlatformPolicies = [new PlatformPolicy("on", "on", []), new PlatformPolicy("off", "off", [], Enabled: false)],
        };
        Assert.Equal(["on"], EffectivePolicyBuilder.Build(snapshot, "port1").PlatformPolicies.Select(p => p.Id));
    }

    [Fact]
    public void An_unknown_port_is_an_error() =>
        Assert.Throws<KeyNotFoundException>(() => EffectivePolicyBuilder.Build(PolicySnapshot.Empty, "nope"));

    [Fact]
    public void A_port_gets_the_cidrs_of_the_address_groups_its_rules_name_and_no_others()
    {
        var office = new AddressGroup("office", "p1", [IPNetwork.Parse("198.19.0.0/16"), IPNetwork.Parse("2001:db8:1::/48")]);
        var unused = new AddressGroup("unused", "p1", [IPNetwork.Parse("198.19.9.0/24")]);
        var snapshot = Snapshot([Group("g1", rules: [Rule("r1", "g1", new Remote.AddressGroup("office")), Rule("r2", "g1", new Remote.AddressGroup("gone"))])], [Port("port1")],
            [new Binding("g1", BindingScope.Port, "port1")]) with { AddressGroups = [office, unused] };

        var policy = EffectivePolicyBuilder.Build(snapshot, "port1");

        Assert.Equal(["gone", "office"], policy.AddressGroups.Keys.Order());
        Assert.Equal(office.Addresses, policy.AddressGroups["office"]);
        Assert.Empty(policy.AddressGroups["gone"]);
    }
}
