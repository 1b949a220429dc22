namespace Palisade.Cli.Tests.Commands.Insight;

public sealed class LintCommandTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    private async Task<(string Project, string RuleId, CliRunner Cli)> WorldOpenSshAsync()
    {
        var project = await server.NewProjectAsync();
        await server.NewPortAsync(project);
        var cli = server.Cli(project);
        var rule = await cli.RunAsync(0, "rule", "add", "default", "--direction", "ingress", "--protocol", "tcp", "--port", "22", "-o", "json");
        return (project, (string)rule.Json[0]!["id"]!, cli);
    }

    [Fact]
    public async Task Lint_prints_a_table_with_the_code_and_the_rule_of_a_world_open_ssh_port()
    {
        var (_, rule, cli) = await WorldOpenSshAsync();

        var result = await cli.RunAsync(0, "lint");

        Assert.Contains("PAL001 world-open-admin-port", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(rule, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_in_json_is_the_servers_report()
    {
        var (project, rule, cli) = await WorldOpenSshAsync();

        var result = await cli.RunAsync(0, "lint", "-o", "json");

        Assert.Equal(project, (string)result.Json["project_id"]!);
        Assert.Contains(result.Json["findings"]!.AsArray(), f => (string)f!["code"]! == "PAL001" && (string)f["rule_ids"]![0]! == rule);
    }

    [Fact]
    public async Task Fail_on_error_exits_4_when_an_error_is_found()
    {
        var (_, _, cli) = await WorldOpenSshAsync();

        var result = await cli.RunAsync(4, "lint", "--fail-on", "error");

        Assert.Contains("at or above error", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_on_error_exits_0_when_only_infos_are_found()
    {
        var project = await server.NewProjectAsync();

        var result = await server.Cli(project).RunAsync(0, "lint", "--fail-on", "error", "-o", "json");

        Assert.Equal(0, (int)result.Json["errors"]!);
    }

    [Fact]
    public async Task Lint_without_a_project_is_a_usage_error()
    {
        var result = await server.Cli().RunAsync(2, "lint");

        Assert.Contains("no project", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_severity_for_fail_on_is_a_usage_error()
    {
        var project = await server.NewProjectAsync();

        var result = await server.Cli(project).RunAsync(2, "lint", "--fail-on", "fatal");

        Assert.Contains("fatal", result.Stderr, StringComparison.Ordinal);
    }
}
