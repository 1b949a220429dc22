using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

/// <summary>GET /api/v1/ports/{id}/effective-rules: a port's groups merged as the host feed merges them, with where each rule comes from.</summary>
public abstract class PortEffectiveRulesTests(ServerFixture server)
{
    private async Task<string> GroupAsync(string? projectId, string name, int port, string status = "enabled")
    {
        var group = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = projectId, name, status }))["id"]!;
        await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = port, port_range_max = port, description = name });
        return group;
    }

    private async Task<string> PortAsync(TestProject project, int address, string[] groups, string phase = "none", string? instance = null) =>
        (string)(await server.PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = project.Address(address) } },
            security_groups = groups,
            phase,
            instance_id = instance,
        }))["id"]!;

    private static JsonNode RuleNamed(JsonNode answer, string description) =>
        Assert.Single(answer["rules"]!.AsArray(), r => (string?)r!["rule"]!["description"] == description)!;

    private static string Origins(JsonNode node) => string.Join(",", node["origins"]!.AsArray().Select(o => (string)o!));

    [Fact]
    public async Task Each_rule_is_listed_with_its_group_and_every_scope_that_binds_that_group()
    {
        var project = await server.NewProjectAsync();
        var instance = "vm-" + Guid.NewGuid().ToString("N")[..8];
        var web = await GroupAsync(project.Id, "web", 443);
        var ssh = await GroupAsync(project.Id, "ssh", 22);
        var space = await GroupAsync(project.Id, "space", 8080);
        // A platform-owned group enabled globally for staging, as a Cloud Foundry operator makes one.
        var platform = (string)(await server.SendAsync(HttpMethod.Post, "/v3/security_groups", new
        {
            name = "asg-" + Guid.NewGuid().ToString("N")[..8],
            globally_enabled = new { staging = true },
            rules = new[] { new { protocol = "udp", destination = "10.0.0.0/8", ports = "53", description = "platform-asg" } },
        }, 201))!["guid"]!;
        var off = await GroupAsync(project.Id, "off", 25, status: "disabled");
        await server.PostAsync("/api/v1/bindings", new { group_id = web, scope = "instance", target_id = instance });
        await server.PostAsync("/api/v1/bindings", new { group_id = ssh, scope = "instance", target_id = instance });
        await server.PostAsync("/api/v1/bindings", new { group_id = space, scope = "project", target_id = project.Id, phase = "staging" });
        var port = await PortAsync(project, 70, [web, off], "staging", instance);

        var answer = await server.GetAsync($"/api/v1/ports/{port}/effective-rules");

        Assert.Equal("port,instance", Origins(RuleNamed(answer, "web")));
        Assert.Equal("web", (string)RuleNamed(answer, "web")["security_group_name"]!);
        Assert.Equal("instance", Origins(RuleNamed(answer, "ssh")));
        Assert.Equal("project", Origins(RuleNamed(answer, "space")));
        Assert.Equal("global", Origins(RuleNamed(answer, "platform-asg")));
        Assert.DoesNotContain(answer["rules"]!.AsArray(), r => (string?)r!["rule"]!["description"] == "off");
        var disabled = Assert.Single(answer["groups"]!.AsArray(), g => (string)g!["id"]! == off)!;
        Assert.Equal(("disabled", "port"), ((string)disabled["status"]!, Origins(disabled)));
        Assert.Equal(5, answer["groups"]!.AsArray().Count);
        Assert.Equal("staging", (string)answer["phase"]!);
    }

    [Fact]
    public async Task The_rules_are_those_the_host_feed_gives_the_port()
    {
        var project = await server.NewProjectAsync();
        var web = await GroupAsync(project.Id, "web", 443);
        var host = "hv-" + Guid.NewGuid().ToString("N")[..8];
        var port = (string)(await server.PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = project.Address(71) } },
            security_groups = new[] { web, project.DefaultGroupId },
            host,
        }))["id"]!;

        var answer = await server.GetAsync($"/api/v1/ports/{port}/effective-rules");
        var feed = await server.GetAsync($"/api/v1/hosts/{host}/policy");

        var fed = feed.ToJsonString();
        var listed = answer["rules"]!.AsArray().Select(r => (string)r!["rule"]!["id"]!).ToList();
        var expected = (await server.GetAsync($"/api/v1/security-groups/{web}/rules")).AsArray().Count
            + (await server.GetAsync($"/api/v1/security-groups/{project.DefaultGroupId}/rules")).AsArray().Count;
        Assert.Equal(expected, listed.Count);
        Assert.All(listed, id => Assert.Contains(id, fed, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Platform_policies_are_listed_for_a_platform_admin_and_absent_for_a_member()
    {
        var project = await server.NewProjectAsync();
        var port = await PortAsync(project, 72, [await GroupAsync(project.Id, "web", 443)]);
        var policy = await server.PostAsync("/api/v1/platform-policies", new { name = "embargo-view", cidrs = new[] { "192.0.2.0/24" } });
        using var member = await server.ClientForAsync(project.Id, "member");

        var asMember = await server.GetAsync($"/api/v1/ports/{port}/effective-rules", 200, member);
        var asAdmin = await server.GetAsync($"/api/v1/ports/{port}/effective-rules");
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/platform-policies/{policy["id"]}", null, 204);

        Assert.Null(asMember["platform_policies"]);
        Assert.DoesNotContain("embargo-view", asMember.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(asAdmin["platform_policies"]!.AsArray(), p => (string)p!["name"]! == "embargo-view");
    }

    [Fact]
    public async Task A_port_of_another_project_is_404_as_an_unknown_one()
    {
        var project = await server.NewProjectAsync();
        var port = await PortAsync(project, 73, []);
        using var stranger = await server.ClientForAsync((await server.NewProjectAsync()).Id, "member");

        var problem = await server.GetAsync($"/api/v1/ports/{port}/effective-rules", 404, stranger);
        await server.GetAsync("/api/v1/ports/no-such-port/effective-rules", 404);

        Assert.Contains(port, (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_declares_the_endpoint_and_its_404()
    {
        var document = JsonNode.Parse(await server.Client.GetStringAsync("/openapi/v1.json"))!;

        Assert.NotNull(document["paths"]!["/api/v1/ports/{id}/effective-rules"]!["get"]!["responses"]!["404"]);
    }
}

public sealed class PortEffectiveRulesTestsOnSqlite(SqliteServerFixture server) : PortEffectiveRulesTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PortEffectiveRulesTestsOnPostgres(PostgresServerFixture server) : PortEffectiveRulesTests(server), IClassFixture<PostgresServerFixture>;
