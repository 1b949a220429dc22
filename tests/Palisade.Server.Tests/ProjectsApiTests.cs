using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

public abstract class ProjectsApiTests(ServerFixture server)
{
    [Fact]
    public async Task A_new_project_gets_a_default_group_with_the_four_default_rules()
    {
        var project = await server.NewProjectAsync();

        var group = await server.GetAsync($"/api/v1/security-groups/{project.DefaultGroupId}");
        Assert.Equal("default", (string)group["name"]!);
        Assert.Equal(["egress IPv4 any", "egress IPv6 any", "ingress IPv4 self", "ingress IPv6 self"], RuleShapes(group));
    }

    [Fact]
    public async Task A_project_follows_neutrons_defaults_unless_told_otherwise()
    {
        var project = await server.NewProjectAsync();
        Assert.Equal("neutron", (string)(await server.GetAsync($"/api/v1/projects/{project.Id}"))["default_rules"]!);
    }

    /// <summary>docs/compatibility/platform-defaults.md: CloudStack's default group shows no rules (its egress is the hidden allow-all), Cloud Foundry's has none.</summary>
    [Theory]
    [InlineData("cloudstack", new[] { "egress IPv4 any", "egress IPv6 any" })]
    [InlineData("cloudfoundry", new string[0])]
    public async Task A_project_made_with_a_platforms_defaults_shows_them_and_its_default_group_has_its_rules(string defaults, string[] rules)
    {
        var (project, group) = await NewProjectAsync(defaults);

        Assert.Equal(defaults, (string)project["default_rules"]!);
        Assert.Equal(defaults, (string)(await server.GetAsync($"/api/v1/projects/{project["id"]}"))["default_rules"]!);
        Assert.Equal(rules, RuleShapes(group));
    }

    [Fact]
    public async Task An_unknown_default_rules_value_is_refused_and_makes_no_project()
    {
        var before = await server.RevisionAsync();

        var problem = await server.PostAsync("/api/v1/projects", new { name = "x", default_rules = "openstack" }, 400);

        Assert.Contains("'openstack' is not one of 'neutron', 'cloudstack', 'cloudfoundry'", (string)problem["errors"]!["default_rules"]![0]!);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task Changing_default_rules_lays_the_default_group_anew()
    {
        var project = await server.NewProjectAsync();

        var updated = await server.SendAsync(HttpMethod.Patch, $"/api/v1/projects/{project.Id}", new { default_rules = "cloudstack" }, 200);

        Assert.Equal("cloudstack", (string)updated!["default_rules"]!);
        Assert.Equal(["egress IPv4 any", "egress IPv6 any"], RuleShapes(await server.GetAsync($"/api/v1/security-groups/{project.DefaultGroupId}")));
    }

    [Fact]
    public async Task Only_a_platform_admin_changes_default_rules()
    {
        var project = await server.NewProjectAsync();
        using var projectAdmin = await server.ClientForAsync(project.Id, "admin");

        await server.SendAsync(HttpMethod.Patch, $"/api/v1/projects/{project.Id}", new { default_rules = "cloudstack" }, 403, projectAdmin);

        Assert.Equal("neutron", (string)(await server.GetAsync($"/api/v1/projects/{project.Id}"))["default_rules"]!);
    }

    /// <summary>
    /// Two ports in the default group, on a subnet whose peers are not let in by the fixed
    /// intra-subnet step: Neutron's default group lets members in, CloudStack's and Cloud Foundry's
    /// do not; CloudStack's lets all egress out until its first egress rule, Cloud Foundry's nothing.
    /// </summary>
    [Theory]
    [InlineData("neutron", "ingress", "peer", "allow")]
    [InlineData("cloudstack", "ingress", "peer", "drop")]
    [InlineData("cloudfoundry", "ingress", "peer", "drop")]
    [InlineData("cloudstack", "egress", "203.0.113.9", "allow")]
    [InlineData("cloudfoundry", "egress", "203.0.113.9", "drop")]
    public async Task Explain_follows_the_default_group_of_the_projects_platform(string defaults, string direction, string remote, string verdict)
    {
        var (project, _) = await NewProjectAsync(defaults);
        var network = await server.PostAsync("/api/v1/networks", new { project_id = (string)project["id"]!, name = "net" });
        var octet = Random.Shared.Next(0, 256);
        var subnet = await server.PostAsync("/api/v1/subnets", new { network_id = (string)network["id"]!, cidr = $"198.19.{octet}.0/24", intra_subnet_allowed = false });
        async Task<string> PortAsync(int host) => (string)(await server.PostAsync("/api/v1/ports", new
        {
            project_id = (string)project["id"]!,
            network_id = (string)network["id"]!,
            fixed_ips = new[] { new { subnet_id = (string)subnet["id"]!, ip_address = $"198.19.{octet}.{host}" } },
            host = "hv1",
        }))["id"]!;
        var port = await PortAsync(10);
        await PortAsync(11);

        var result = await server.PostAsync("/api/v1/explain", new { port_id = port, direction, protocol = "tcp", remote_ip_address = remote == "peer" ? $"198.19.{octet}.11" : remote, port = 443 }, 200);

        Assert.Equal(verdict, (string)result["verdict"]!);
    }

    [Theory]
    [InlineData("", "name")]
    [InlineData(null, "name")]
    public async Task A_project_needs_a_name(string? name, string field)
    {
        var problem = await server.PostAsync("/api/v1/projects", new { name }, 400);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Groups_managed_by_must_be_project_or_platform()
    {
        var problem = await server.PostAsync("/api/v1/projects", new { name = "x", groups_managed_by = "tenant" }, 400);
        Assert.NotNull(problem["errors"]!["groups_managed_by"]);
    }

    [Fact]
    public async Task A_project_with_groups_cannot_be_deleted_until_they_are_gone()
    {
        var project = await server.NewProjectAsync();
        var group = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" });

        var problem = await server.SendAsync(HttpMethod.Delete, $"/api/v1/projects/{project.Id}", null, 409);
        Assert.Contains((string)group["id"]!, (string)problem!["detail"]!);

        await server.SendAsync(HttpMethod.Delete, $"/api/v1/security-groups/{group["id"]}", null, 204);
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/projects/{project.Id}", null, 204);
        await server.GetAsync($"/api/v1/projects/{project.Id}", 404);
        Assert.Empty((await server.GetAsync($"/api/v1/security-groups?project_id={project.Id}")).AsArray());
    }

    [Fact]
    public async Task An_unknown_project_is_404() =>
        await server.GetAsync("/api/v1/projects/nope", 404);

    private async Task<(JsonNode Project, JsonNode DefaultGroup)> NewProjectAsync(string defaults)
    {
        var project = await server.PostAsync("/api/v1/projects", new { name = "p-" + Guid.NewGuid().ToString("N")[..6], default_rules = defaults });
        var groups = await server.GetAsync($"/api/v1/security-groups?project_id={project["id"]}");
        return (project, groups[0]!);
    }

    private static IEnumerable<string> RuleShapes(JsonNode group) =>
        group["rules"]!.AsArray().Select(r => $"{r!["direction"]} {r["ethertype"]} {(r["remote_group_id"] is null ? "any" : (string)r["remote_group_id"]! == (string)group["id"]! ? "self" : "other")}").Order();

    [Fact]
    public async Task Projects_are_listed()
    {
        var project = await server.NewProjectAsync();
        var list = (await server.GetAsync("/api/v1/projects")).AsArray();
        Assert.Contains(list, p => (string)p!["id"]! == project.Id);
    }
}

public sealed class ProjectsApiTestsOnSqlite(SqliteServerFixture server) : ProjectsApiTests(server), IClassFixture<SqliteServerFixture>;

public sealed class ProjectsApiTestsOnPostgres(PostgresServerFixture server) : ProjectsApiTests(server), IClassFixture<PostgresServerFixture>;
