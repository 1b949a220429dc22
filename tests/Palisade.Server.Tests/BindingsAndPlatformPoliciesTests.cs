using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

public abstract class BindingsAndPlatformPoliciesTests(ServerFixture server)
{
    private async Task<string> GroupWithRuleAsync(string projectId, int port)
    {
        var group = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = projectId, name = $"g{port}" }))["id"]!;
        await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = port, port_range_max = port });
        return group;
    }

    private async Task<string> PortAsync(TestProject project, int host, string? instance = null, string? phase = null) =>
        (string)(await server.PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = project.Address(host) } },
            instance_id = instance,
            phase,
            security_groups = Array.Empty<string>(),
        }))["id"]!;

    private async Task<JsonNode> ExplainAsync(string port, int destination, string remote = "203.0.113.9", HttpClient? caller = null) =>
        await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "ingress", protocol = "tcp", remote_ip_address = remote, port = destination }, 200, caller);

    /// <summary>One rule for every way a group reaches a port (PortGroupOperations): a binding may not give a port groups of both kinds.</summary>
    [Fact]
    public async Task A_binding_that_would_mix_stateful_and_stateless_groups_on_a_port_is_refused()
    {
        var project = await server.NewProjectAsync();
        var stateless = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "fast", stateful = false }))["id"]!;
        var stateful = await GroupWithRuleAsync(project.Id, 8083);
        var port = (string)(await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, security_groups = new[] { stateless } }))["id"]!;
        var before = await server.RevisionAsync();

        var refused = await server.PostAsync("/api/v1/bindings", new { group_id = stateful, scope = "project", target_id = project.Id }, 409);

        Assert.Contains(port, (string)refused["detail"]!, StringComparison.Ordinal);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task Setting_a_ports_groups_that_would_mix_with_a_binding_is_refused()
    {
        var project = await server.NewProjectAsync();
        var stateless = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "fast", stateful = false }))["id"]!;
        var stateful = await GroupWithRuleAsync(project.Id, 8084);
        await server.PostAsync("/api/v1/bindings", new { group_id = stateful, scope = "project", target_id = project.Id, phase = "running" });
        var port = await PortAsync(project, 45, phase: "running");

        var refused = await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{port}/security-groups", new { security_groups = new[] { stateless } }, 409);

        Assert.Equal("Cannot apply both stateful and stateless security groups on the same port at the same time.", (string)refused!["detail"]!);
    }

    /// <summary>docs/architecture.md, "Semantics decided": a project binding without a phase reaches running and staging ports too.</summary>
    [Fact]
    public async Task A_project_binding_without_a_phase_applies_to_ports_of_every_phase()
    {
        var project = await server.NewProjectAsync();
        var group = await GroupWithRuleAsync(project.Id, 8081);
        var running = await PortAsync(project, 42, phase: "running");
        var staging = await PortAsync(project, 43, phase: "staging");
        var none = await PortAsync(project, 44);

        await server.PostAsync("/api/v1/bindings", new { group_id = group, scope = "project", target_id = project.Id });

        Assert.Equal(["allow", "allow", "allow"], await Task.WhenAll(new[] { running, staging, none }.Select(async p => (string)(await ExplainAsync(p, 8081))["verdict"]!)));
    }

    /// <summary>The feed (what the agent enforces) follows the same rule as explain.</summary>
    [Fact]
    public async Task A_project_binding_without_a_phase_reaches_a_staging_port_in_the_host_feed()
    {
        var project = await server.NewProjectAsync();
        var group = await GroupWithRuleAsync(project.Id, 8082);
        var host = "hv-" + Guid.NewGuid().ToString("N")[..8];
        await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, host, phase = "staging", security_groups = Array.Empty<string>() });

        await server.PostAsync("/api/v1/bindings", new { group_id = group, scope = "project", target_id = project.Id });
        var feed = await server.GetAsync($"/api/v1/hosts/{host}/policy");

        Assert.Equal([group], feed["ports"]![0]!["security_groups"]!.AsArray().Select(g => (string)g!));
    }

    [Fact]
    public async Task An_instance_binding_applies_to_every_port_of_the_instance()
    {
        var project = await server.NewProjectAsync();
        var group = await GroupWithRuleAsync(project.Id, 8080);
        var first = await PortAsync(project, 40, instance: "vm-1");
        await server.PostAsync("/api/v1/bindings", new { group_id = group, scope = "instance", target_id = "vm-1" });
        var later = await PortAsync(project, 41, instance: "vm-1");

        Assert.Equal("allow", (string)(await ExplainAsync(first, 8080))["verdict"]!);
        Assert.Equal("allow", (string)(await ExplainAsync(later, 8080))["verdict"]!);
        Assert.Single((await server.GetAsync("/api/v1/bindings?scope=instance&target_id=vm-1")).AsArray());
        Assert.Empty((await server.GetAsync("/api/v1/bindings?scope=instance&target_id=vm-2")).AsArray());
    }

    [Fact]
    public async Task Project_bindings_apply_to_the_ports_of_their_phase()
    {
        var space = await server.NewProjectAsync("platform");
        var running = await GroupWithRuleAsync(space.Id, 9000);
        await server.PostAsync("/api/v1/bindings", new { group_id = running, scope = "project", target_id = space.Id, phase = "running" });
        var app = await PortAsync(space, 50, phase: "running");
        var staging = await PortAsync(space, 51, phase: "staging");

        Assert.Equal("allow", (string)(await ExplainAsync(app, 9000))["verdict"]!);
        Assert.Equal("drop", (string)(await ExplainAsync(staging, 9000))["verdict"]!);
    }

    [Fact]
    public async Task A_group_with_a_binding_cannot_be_deleted_until_the_binding_is()
    {
        var project = await server.NewProjectAsync();
        var group = await GroupWithRuleAsync(project.Id, 7000);
        var binding = await server.PostAsync("/api/v1/bindings", new { group_id = group, scope = "project", target_id = project.Id });

        var problem = await server.SendAsync(HttpMethod.Delete, $"/api/v1/security-groups/{group}", null, 409);
        Assert.Contains(project.Id, (string)problem!["detail"]!);

        await server.SendAsync(HttpMethod.Delete, $"/api/v1/bindings/{binding["id"]}", null, 204);
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/security-groups/{group}", null, 204);
    }

    [Theory]
    [InlineData("port", "x", "scope")]
    [InlineData("instance", null, "target_id")]
    [InlineData("global", "x", "target_id")]
    public async Task Bad_bindings_are_refused_naming_the_field(string scope, string? target, string field)
    {
        var project = await server.NewProjectAsync();
        var problem = await server.PostAsync("/api/v1/bindings", new { group_id = project.DefaultGroupId, scope, target_id = target }, 400);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_platform_policy_denies_before_any_rule_and_explain_keeps_its_details_hidden()
    {
        var project = await server.NewProjectAsync();
        var group = await GroupWithRuleAsync(project.Id, 443);
        var port = await PortAsync(project, 60);
        await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{port}/security-groups", new { security_groups = new[] { group } }, 200);
        var policy = await server.PostAsync("/api/v1/platform-policies", new { name = "embargo", cidrs = new[] { "192.0.2.0/24" } });

        using var member = await server.ClientForAsync(project.Id, "member");
        var denied = await ExplainAsync(port, 443, "192.0.2.10", member);
        var allowed = await ExplainAsync(port, 443, "198.51.100.10", member);
        var asAdmin = await ExplainAsync(port, 443, "192.0.2.10");
        var listedForTenant = await server.GetAsync("/api/v1/platform-policies", 403, member);
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/platform-policies/{policy["id"]}", null, 204);

        Assert.Equal(("drop", "platform_policy", "platform policy"), ((string)denied["verdict"]!, (string)denied["step"]!, (string)denied["platform_policy"]!));
        Assert.DoesNotContain("embargo", denied.ToJsonString());
        Assert.Equal("allow", (string)allowed["verdict"]!);
        Assert.Contains("embargo", (string)asAdmin["platform_policy"]!);
        Assert.DoesNotContain("embargo", listedForTenant.ToJsonString());
    }

    [Theory]
    [InlineData("cidrs[0]")]
    [InlineData("direction")]
    [InlineData("port_range_min")]
    public async Task Bad_platform_policies_are_refused_naming_the_field(string field)
    {
        object body = field switch
        {
            "cidrs[0]" => new { name = "p", cidrs = new[] { "300.0.0.0/8" } },
            "direction" => new { name = "p", direction = "both" },
            _ => new { name = "p", protocol = "tcp", port_range_min = 90, port_range_max = 80 },
        };
        var problem = await server.PostAsync("/api/v1/platform-policies", body, 400);
        Assert.NotNull(problem["errors"]![field]);
    }
}

public sealed class BindingsAndPlatformPoliciesTestsOnSqlite(SqliteServerFixture server) : BindingsAndPlatformPoliciesTests(server), IClassFixture<SqliteServerFixture>;

public sealed class BindingsAndPlatformPoliciesTestsOnPostgres(PostgresServerFixture server) : BindingsAndPlatformPoliciesTests(server), IClassFixture<PostgresServerFixture>;
