using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Insight;

public abstract class ReachabilityApiTests(ServerFixture server)
{
    private async Task<string> GroupAsync(TestProject project, string name) =>
        (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name }))["id"]!;

    private async Task<string> PortAsync(TestProject project, int host, params string[] groups) =>
        (string)(await server.PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = project.Address(host) } },
            security_groups = groups,
        }))["id"]!;

    private static IEnumerable<JsonNode> Classes(JsonNode reach) => reach["classes"]!.AsArray().Select(c => c!);

    [Fact]
    public async Task Ingress_shows_the_port_the_peers_and_the_rule_that_opens_it()
    {
        var project = await server.NewProjectAsync();
        var web = await GroupAsync(project, "web");
        var rule = await server.PostAsync($"/api/v1/security-groups/{web}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443, remote_ip_prefix = "203.0.113.0/24" });
        var port = await PortAsync(project, 30, web);

        var reach = await server.GetAsync($"/api/v1/reachability?port_id={port}&direction=ingress");

        var https = Assert.Single(Classes(reach), c => (string?)c["protocol"] == "tcp" && (int?)c["port_range_min"] == 443);
        Assert.Contains("203.0.113.0/24", https["peers"]!.AsArray().Select(p => (string)p!));
        Assert.Equal((string)rule[0]!["id"]!, (string)https["rules"]![0]!["id"]!);
    }

    [Fact]
    public async Task Ingress_from_a_remote_group_names_the_group()
    {
        var project = await server.NewProjectAsync();
        var app = await GroupAsync(project, "app");
        var db = await GroupAsync(project, "db");
        await server.PostAsync($"/api/v1/security-groups/{db}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 5432, port_range_max = 5432, remote_group_id = app });
        var dbPort = await PortAsync(project, 31, db);
        await PortAsync(project, 32, app);

        var reach = await server.GetAsync($"/api/v1/reachability?port_id={dbPort}&direction=ingress");

        var postgres = Assert.Single(Classes(reach), c => (int?)c["port_range_min"] == 5432);
        Assert.Equal(("app", app), ((string)postgres["remote_groups"]![0]!["name"]!, (string)postgres["remote_groups"]![0]!["id"]!));
    }

    [Fact]
    public async Task Egress_of_a_new_group_reaches_every_address_on_every_protocol()
    {
        var project = await server.NewProjectAsync();
        var port = await PortAsync(project, 33, await GroupAsync(project, "web"));

        var reach = await server.GetAsync($"/api/v1/reachability?port_id={port}&direction=egress");

        Assert.Contains(Classes(reach), c => c["protocol"] is null && c["peers"]!.AsArray().Select(p => (string)p!).SequenceEqual(["0.0.0.0/0"]));
    }

    [Fact]
    public async Task A_direction_other_than_ingress_or_egress_is_a_400_naming_the_field()
    {
        var project = await server.NewProjectAsync();
        var port = await PortAsync(project, 34, project.DefaultGroupId);

        var problem = await server.GetAsync($"/api/v1/reachability?port_id={port}&direction=sideways", 400);

        Assert.NotNull(problem["errors"]!["direction"]);
    }

    [Fact]
    public async Task A_missing_port_id_is_a_400_naming_the_field()
    {
        var problem = await server.GetAsync("/api/v1/reachability?direction=ingress", 400);

        Assert.NotNull(problem["errors"]!["port_id"]);
    }

    [Fact]
    public async Task Another_tenants_port_is_404()
    {
        var other = await server.NewProjectAsync();
        var port = await PortAsync(other, 35, other.DefaultGroupId);
        var own = await server.NewProjectAsync();

        await server.GetAsync($"/api/v1/reachability?port_id={port}&direction=ingress", 404, await server.ClientForAsync(own.Id, "reader"));
    }
}

public sealed class ReachabilityApiTestsOnSqlite(SqliteServerFixture server) : ReachabilityApiTests(server), IClassFixture<SqliteServerFixture>;

public sealed class ReachabilityApiTestsOnPostgres(PostgresServerFixture server) : ReachabilityApiTests(server), IClassFixture<PostgresServerFixture>;
