using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Insight;

public abstract class LintApiTests(ServerFixture server)
{
    private async Task<(TestProject Project, string GroupId, string RuleId, string PortId)> WorldOpenSshAsync()
    {
        var project = await server.NewProjectAsync();
        var web = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" }))["id"]!;
        var rule = await server.PostAsync($"/api/v1/security-groups/{web}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22, remote_ip_prefix = "0.0.0.0/0" });
        var port = await server.PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = project.Address(20) } },
            security_groups = new[] { web },
        });
        return (project, web, (string)rule[0]!["id"]!, (string)port["id"]!);
    }

    private static JsonNode Finding(JsonNode lint, string code) =>
        lint["findings"]!.AsArray().Single(f => (string)f!["code"]! == code)!;

    [Fact]
    public async Task Lint_reports_ssh_open_to_the_world_with_its_code_rule_group_and_port()
    {
        var (project, group, rule, port) = await WorldOpenSshAsync();

        var finding = Finding(await server.GetAsync($"/api/v1/lint?project_id={project.Id}"), "PAL001");

        Assert.Equal(
            ("world-open-admin-port", "error", rule, group, port),
            ((string)finding["name"]!, (string)finding["severity"]!, (string)finding["rule_ids"]![0]!, (string)finding["group_ids"]![0]!, (string)finding["port_ids"]![0]!));
    }

    [Fact]
    public async Task Lint_reports_the_default_group_left_unbound_once_the_port_has_its_own_group()
    {
        var (project, _, _, _) = await WorldOpenSshAsync();

        var finding = Finding(await server.GetAsync($"/api/v1/lint?project_id={project.Id}"), "PAL005");

        Assert.Equal(project.DefaultGroupId, (string)finding["group_ids"]![0]!);
    }

    [Fact]
    public async Task Lint_counts_findings_by_severity()
    {
        var (project, _, _, _) = await WorldOpenSshAsync();

        var lint = await server.GetAsync($"/api/v1/lint?project_id={project.Id}");

        Assert.Equal(lint["findings"]!.AsArray().Count(f => (string)f!["severity"]! == "error"), (int)lint["errors"]!);
    }

    [Fact]
    public async Task Lint_without_project_id_is_a_400_problem_naming_the_field()
    {
        var problem = await server.GetAsync("/api/v1/lint", 400);

        Assert.NotNull(problem["errors"]!["project_id"]);
    }

    [Fact]
    public async Task Lint_of_an_unknown_project_is_404_naming_it()
    {
        var problem = await server.GetAsync("/api/v1/lint?project_id=no-such-project", 404);

        Assert.Contains("project no-such-project", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_of_another_tenants_project_is_404_as_if_it_did_not_exist()
    {
        var (other, _, _, _) = await WorldOpenSshAsync();
        var own = await server.NewProjectAsync();
        var reader = await server.ClientForAsync(own.Id, "reader");

        await server.GetAsync($"/api/v1/lint?project_id={other.Id}", 404, reader);
    }

    [Fact]
    public async Task A_reader_of_the_project_may_lint_it()
    {
        var (project, _, rule, _) = await WorldOpenSshAsync();
        var reader = await server.ClientForAsync(project.Id, "reader");

        var finding = Finding(await server.GetAsync($"/api/v1/lint?project_id={project.Id}", 200, reader), "PAL001");

        Assert.Equal(rule, (string)finding["rule_ids"]![0]!);
    }

    [Fact]
    public async Task Lint_writes_nothing()
    {
        var (project, _, _, _) = await WorldOpenSshAsync();
        var before = await server.RevisionAsync();

        await server.GetAsync($"/api/v1/lint?project_id={project.Id}");

        Assert.Equal(before, await server.RevisionAsync());
    }
}

public sealed class LintApiTestsOnSqlite(SqliteServerFixture server) : LintApiTests(server), IClassFixture<SqliteServerFixture>;

public sealed class LintApiTestsOnPostgres(PostgresServerFixture server) : LintApiTests(server), IClassFixture<PostgresServerFixture>;
