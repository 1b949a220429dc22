using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

public abstract class PortsAndExplainTests(ServerFixture server)
{
    private Task<JsonNode> NewPortAsync(TestProject project, int host, string[]? groups = null) =>
        server.PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = project.Address(host) } },
            host = "hv1",
            security_groups = groups,
        });

    [Fact]
    public async Task A_port_created_without_groups_gets_the_default_group()
    {
        var project = await server.NewProjectAsync();
        var port = await NewPortAsync(project, 10);
        Assert.Equal([project.DefaultGroupId], port["security_groups"]!.AsArray().Select(g => (string)g!));
    }

    [Fact]
    public async Task A_port_of_a_platform_managed_project_gets_no_group_by_default()
    {
        var project = await server.NewProjectAsync("platform");
        var port = await NewPortAsync(project, 10);
        Assert.Empty(port["security_groups"]!.AsArray());
    }

    [Fact]
    public async Task A_fixed_ip_outside_its_subnet_is_refused_naming_the_field()
    {
        var project = await server.NewProjectAsync();
        var problem = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = "203.0.113.1" } } }, 400);
        Assert.NotNull(problem["errors"]!["fixed_ips[0].ip_address"]);
    }

    [Fact]
    public async Task Binding_replaces_the_ports_groups_and_refuses_unknown_and_repeated_ones()
    {
        var project = await server.NewProjectAsync();
        var port = (string)(await NewPortAsync(project, 11))["id"]!;
        var web = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" }))["id"]!;

        await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{port}/security-groups", new { security_groups = new[] { "nope" } }, 404);
        await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{port}/security-groups", new { security_groups = new[] { web, web } }, 400);
        var bound = await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{port}/security-groups", new { security_groups = new[] { web } }, 200);

        Assert.Equal([web], bound!["security_groups"]!.AsArray().Select(g => (string)g!));
    }

    /// <summary>An empty list at creation means no group, not the default (design.md §1, as Neutron): only the fixed steps can allow.</summary>
    [Fact]
    public async Task A_port_created_with_an_empty_group_list_drops_what_the_default_group_allows()
    {
        var project = await server.NewProjectAsync();
        var port = (string)(await NewPortAsync(project, 14, []))["id"]!;

        var result = await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "egress", protocol = "tcp", remote_ip_address = "203.0.113.9", port = 443 }, 200);

        Assert.Equal(("drop", "implicit_deny"), ((string)result["verdict"]!, (string)result["step"]!));
    }

    /// <summary>Neutron drops these at every port whatever the rules (iptables_firewall.py); the default group allows all egress.</summary>
    [Theory]
    [InlineData("udp", "255.255.255.255", 67, 68, null)]
    [InlineData("udp", "ff02::1:2", 547, 546, null)]
    [InlineData("ipv6-icmp", "ff02::1", null, null, 134)]
    public async Task Explain_drops_a_router_advertisement_or_dhcp_server_reply_leaving_a_port_whatever_the_rules(string protocol, string peer, int? source, int? destination, int? icmpType)
    {
        var project = await server.NewProjectAsync();
        var port = (string)(await NewPortAsync(project, 15))["id"]!;

        var result = await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "egress", protocol, remote_ip_address = peer, source_port = source, port = destination, icmp_type = icmpType }, 200);

        Assert.Equal(("drop", "infrastructure"), ((string)result["verdict"]!, (string)result["step"]!));
    }

    /// <summary>As Neutron's SecurityGroupConflict: a port is stateful or not, so its groups must agree.</summary>
    [Fact]
    public async Task Setting_stateful_and_stateless_groups_on_one_port_is_refused_and_changes_nothing()
    {
        var project = await server.NewProjectAsync();
        var stateless = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "fast", stateful = false }))["id"]!;
        var port = (string)(await NewPortAsync(project, 16))["id"]!;
        var before = await server.RevisionAsync();

        var refused = await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{port}/security-groups", new { security_groups = new[] { project.DefaultGroupId, stateless } }, 409);

        Assert.Equal("Cannot apply both stateful and stateless security groups on the same port at the same time.", (string)refused!["errors"]!["security_groups"]![0]!);
        Assert.Equal(before, await server.RevisionAsync());
        Assert.Equal([project.DefaultGroupId], (await server.GetAsync($"/api/v1/ports/{port}"))["security_groups"]!.AsArray().Select(g => (string)g!));
    }

    /// <summary>As Neutron's SecurityGroupInUse: flipping a bound group's statefulness would mix its ports' groups.</summary>
    [Fact]
    public async Task A_bound_groups_statefulness_cannot_change()
    {
        var project = await server.NewProjectAsync();
        var web = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" }))["id"]!;
        await NewPortAsync(project, 18, [web, project.DefaultGroupId]);

        var refused = await server.SendAsync(HttpMethod.Patch, $"/api/v1/security-groups/{web}", new { stateful = false }, 409);

        Assert.Contains("statefulness cannot change while it is bound", (string)refused!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_port_with_stateful_and_stateless_groups_is_refused()
    {
        var project = await server.NewProjectAsync();
        var stateless = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "fast", stateful = false }))["id"]!;

        var refused = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, security_groups = new[] { stateless, project.DefaultGroupId } }, 409);

        Assert.Equal("Conflict", (string)refused["title"]!);
        Assert.Empty((await server.GetAsync($"/api/v1/ports?project_id={project.Id}")).AsArray());
    }

    /// <summary>docs/architecture.md, "Semantics decided": protocol 0 is any protocol, stored and shown so, and explain matches every protocol.</summary>
    [Fact]
    public async Task A_rule_for_protocol_0_is_shown_as_any_protocol_and_admits_tcp()
    {
        var project = await server.NewProjectAsync();
        var group = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "zero" }))["id"]!;
        var port = (string)(await NewPortAsync(project, 17, [group]))["id"]!;

        var created = await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", protocol = "0" });
        var explained = await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "ingress", protocol = "tcp", remote_ip_address = "203.0.113.9", port = 5432 }, 200);

        Assert.Null(created[0]!["protocol"]);
        Assert.Equal(("allow", (string)created[0]!["id"]!), ((string)explained["verdict"]!, (string)explained["matched_rules"]![0]!["id"]!));
    }

    [Fact]
    public async Task Explain_names_the_rule_that_allows_a_flow()
    {
        var project = await server.NewProjectAsync();
        var web = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" }))["id"]!;
        var rule = await server.PostAsync($"/api/v1/security-groups/{web}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443 });
        var port = (string)(await NewPortAsync(project, 12, [web]))["id"]!;

        var allowed = await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "ingress", protocol = "tcp", remote_ip_address = "203.0.113.9", port = 443 }, 200);
        var dropped = await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "ingress", protocol = "tcp", remote_ip_address = "203.0.113.9", port = 22 }, 200);

        Assert.Equal(("allow", "rule"), ((string)allowed["verdict"]!, (string)allowed["step"]!));
        Assert.Equal((string)rule[0]!["id"]!, (string)allowed["matched_rules"]![0]!["id"]!);
        Assert.Equal(("drop", "implicit_deny"), ((string)dropped["verdict"]!, (string)dropped["step"]!));
    }

    [Fact]
    public async Task Explain_allows_a_peer_of_the_same_subnet_without_a_rule()
    {
        var project = await server.NewProjectAsync();
        var web = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" }))["id"]!;
        var port = (string)(await NewPortAsync(project, 13, [web]))["id"]!;

        var result = await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "ingress", protocol = "tcp", remote_ip_address = project.Address(99), port = 22 }, 200);

        Assert.Equal("intra_subnet", (string)result["step"]!);
    }

    [Fact]
    public async Task The_default_group_admits_members_of_the_default_group_only()
    {
        var project = await server.NewProjectAsync();
        var port = (string)(await NewPortAsync(project, 20))["id"]!;
        await server.SendAsync(HttpMethod.Patch, $"/api/v1/security-groups/{project.DefaultGroupId}", new { description = "x" }, 200);
        var subnet = await server.PostAsync("/api/v1/subnets", new { network_id = project.NetworkId, cidr = "198.19.7.0/24", intra_subnet_allowed = false });
        var peer = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, fixed_ips = new[] { new { subnet_id = (string)subnet["id"]!, ip_address = "198.19.7.5" } } });

        var member = await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "ingress", protocol = "udp", remote_ip_address = "198.19.7.5", port = 53 }, 200);
        var stranger = await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "ingress", protocol = "udp", remote_ip_address = "198.19.7.6", port = 53 }, 200);

        Assert.Equal("allow", (string)member["verdict"]!);
        Assert.Equal("drop", (string)stranger["verdict"]!);
        Assert.NotNull(peer["id"]);
    }

    [Theory]
    [InlineData("remote_ip_address", "not-an-ip", "tcp")]
    [InlineData("protocol", "203.0.113.9", "bogus")]
    public async Task Explain_refuses_a_malformed_flow_naming_the_field(string field, string remote, string protocol)
    {
        var project = await server.NewProjectAsync();
        var port = (string)(await NewPortAsync(project, 14))["id"]!;
        var problem = await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "ingress", protocol, remote_ip_address = remote, port = 22 }, 400);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Explain_of_an_unknown_port_is_404() =>
        await server.PostAsync("/api/v1/explain", new { port_id = "nope", direction = "ingress", protocol = "tcp", remote_ip_address = "203.0.113.9", port = 22 }, 404);
}

public sealed class PortsAndExplainTestsOnSqlite(SqliteServerFixture server) : PortsAndExplainTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PortsAndExplainTestsOnPostgres(PostgresServerFixture server) : PortsAndExplainTests(server), IClassFixture<PostgresServerFixture>;
