using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Insight;

public abstract class WhatIfApiTests(ServerFixture server)
{
    private async Task<(TestProject Project, string Group, string Rule, string Port)> WebPortAsync()
    {
        var project = await server.NewProjectAsync();
        var web = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" }))["id"]!;
        var rule = await server.PostAsync($"/api/v1/security-groups/{web}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443, remote_ip_prefix = "192.0.2.0/24" });
        var port = await server.PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = project.Address(40) } },
            security_groups = new[] { web },
        });
        return (project, web, (string)rule[0]!["id"]!, (string)port["id"]!);
    }

    private static JsonNode OnlyChange(JsonNode answer, string port)
    {
        var impact = Assert.Single(answer["ports"]!.AsArray(), p => (string)p!["port_id"]! == port)!;
        return Assert.Single(impact["changes"]!.AsArray())!;
    }

    [Fact]
    public async Task Adding_a_rule_opens_exactly_its_port_and_peers_at_the_bound_port()
    {
        var (_, web, _, port) = await WebPortAsync();

        var answer = await server.PostAsync("/api/v1/what-if", new { add_rules = new[] { new { security_group_id = web, direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22, remote_ip_prefix = "203.0.113.0/24" } } }, 200);

        var change = OnlyChange(answer, port);
        Assert.Equal(("drop", "allow", "tcp", 22, 22, "203.0.113.0/24"),
            ((string)change["verdict_before"]!, (string)change["verdict_after"]!, (string)change["flows"]!["protocol"]!, (int)change["flows"]!["port_range_min"]!, (int)change["flows"]!["port_range_max"]!, (string)change["flows"]!["peers"]![0]!));
    }

    [Fact]
    public async Task Removing_a_rule_drops_what_only_it_allowed()
    {
        var (_, _, rule, port) = await WebPortAsync();

        var answer = await server.PostAsync("/api/v1/what-if", new { remove_rule_ids = new[] { rule } }, 200);

        var change = OnlyChange(answer, port);
        Assert.Equal(("allow", "drop", 443, "192.0.2.0/24", rule),
            ((string)change["verdict_before"]!, (string)change["verdict_after"]!, (int)change["flows"]!["port_range_min"]!, (string)change["flows"]!["peers"]![0]!, (string)change["flows"]!["rules"]![0]!["id"]!));
    }

    [Fact]
    public async Task What_if_writes_nothing()
    {
        var (_, web, rule, port) = await WebPortAsync();
        var before = await server.RevisionAsync();

        await server.PostAsync("/api/v1/what-if", new { remove_rule_ids = new[] { rule }, unbind = new[] { new { security_group_id = web, port_id = port } } }, 200);

        Assert.Equal(before, await server.RevisionAsync());
        Assert.Contains((await server.GetAsync($"/api/v1/security-groups/{web}/rules")).AsArray(), r => (string)r!["id"]! == rule);
    }

    [Fact]
    public async Task Replacing_a_ports_groups_reports_the_flows_the_old_group_allowed()
    {
        var (project, _, rule, port) = await WebPortAsync();
        var empty = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "quiet" }))["id"]!;

        var answer = await server.PostAsync("/api/v1/what-if", new { replace_port_groups = new[] { new { port_id = port, security_groups = new[] { empty } } } }, 200);

        var impact = Assert.Single(answer["ports"]!.AsArray())!;
        Assert.Contains(impact["changes"]!.AsArray(), c => (string)c!["verdict_after"]! == "drop" && c["flows"]!["rules"]!.AsArray().Any(r => (string)r!["id"]! == rule));
    }

    [Fact]
    public async Task An_empty_change_is_a_400()
    {
        var problem = await server.PostAsync("/api/v1/what-if", new { }, 400);

        Assert.NotNull(problem["errors"]);
    }

    [Fact]
    public async Task An_invalid_proposed_rule_is_a_400_naming_its_field()
    {
        var (_, web, _, _) = await WebPortAsync();

        var problem = await server.PostAsync("/api/v1/what-if", new { add_rules = new[] { new { security_group_id = web, direction = "ingress", protocol = "tcp", port_range_min = 80, port_range_max = 70 } } }, 400);

        Assert.Contains(problem["errors"]!.AsObject(), e => e.Key.StartsWith("add_rules[0].", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_proposed_duplicate_rule_is_a_409_naming_the_existing_rule()
    {
        var (_, web, rule, _) = await WebPortAsync();

        var problem = await server.PostAsync("/api/v1/what-if", new { add_rules = new[] { new { security_group_id = web, direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443, remote_ip_prefix = "192.0.2.0/24" } } }, 409);

        Assert.Contains(rule, (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_removed_in_the_same_change_is_no_duplicate_of_the_rule_that_replaces_it()
    {
        var (_, web, rule, port) = await WebPortAsync();

        var answer = await server.PostAsync("/api/v1/what-if", new
        {
            remove_rule_ids = new[] { rule },
            add_rules = new[] { new { security_group_id = web, direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443, remote_ip_prefix = "192.0.2.0/24", description = "edited" } },
        }, 200);

        Assert.DoesNotContain(answer["ports"]!.AsArray(), p => (string)p!["port_id"]! == port && p["changes"]!.AsArray().Count > 0);
    }

    [Fact]
    public async Task Binding_a_group_to_another_tenants_port_is_404()
    {
        var (_, _, _, port) = await WebPortAsync();
        var own = await server.NewProjectAsync();
        var reader = await server.ClientForAsync(own.Id, "member");

        await server.PostAsync("/api/v1/what-if", new { bind = new[] { new { security_group_id = own.DefaultGroupId, port_id = port } } }, 404, reader);
    }

    [Fact]
    public async Task Binding_another_projects_group_to_a_port_is_a_400()
    {
        var (_, _, _, port) = await WebPortAsync();
        var other = await server.NewProjectAsync();

        var problem = await server.PostAsync("/api/v1/what-if", new { bind = new[] { new { security_group_id = other.DefaultGroupId, port_id = port } } }, 400);

        Assert.NotNull(problem["errors"]!["bind[0].security_group_id"]);
    }
}

public sealed class WhatIfApiTestsOnSqlite(SqliteServerFixture server) : WhatIfApiTests(server), IClassFixture<SqliteServerFixture>;

public sealed class WhatIfApiTestsOnPostgres(PostgresServerFixture server) : WhatIfApiTests(server), IClassFixture<PostgresServerFixture>;
