namespace Palisade.Cli.Tests.Commands.Insight;

public sealed class ReachabilityCommandTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    private async Task<(string Port, string RuleId, CliRunner Cli)> SshFromOnePrefixAsync()
    {
        var project = await server.NewProjectAsync();
        var (port, _) = await server.NewPortAsync(project);
        var cli = server.Cli(project);
        var rule = await cli.RunAsync(0, "rule", "add", "default", "--direction", "ingress", "--protocol", "tcp", "--port", "22", "--remote-ip", "203.0.113.0/24", "-o", "json");
        return (port, (string)rule.Json[0]!["id"]!, cli);
    }

    [Fact]
    public async Task Reachability_prints_the_port_the_peers_and_the_rule()
    {
        var (port, rule, cli) = await SshFromOnePrefixAsync();

        var result = await cli.RunAsync(0, "reachability", "--port", port, "--direction", "ingress");

        var line = Assert.Single(result.Stdout.Split('\n'), l => l.Contains(rule, StringComparison.Ordinal));
        Assert.Contains("203.0.113.0/24", line, StringComparison.Ordinal);
        Assert.Contains(" 22 ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reachability_in_json_lists_the_classes()
    {
        var (port, rule, cli) = await SshFromOnePrefixAsync();

        var result = await cli.RunAsync(0, "reachability", "--port", port, "-o", "json");

        Assert.Contains(result.Json["classes"]!.AsArray(), c => (int?)c!["port_range_min"] == 22 && c["rules"]!.AsArray().Any(r => (string)r!["id"]! == rule));
    }

    [Fact]
    public async Task An_unknown_direction_is_a_usage_error()
    {
        var (port, _, cli) = await SshFromOnePrefixAsync();

        await cli.RunAsync(2, "reachability", "--port", port, "--direction", "sideways");
    }

    [Fact]
    public async Task An_unknown_port_exits_1_with_the_servers_message()
    {
        var project = await server.NewProjectAsync();

        var result = await server.Cli(project).RunAsync(1, "reachability", "--port", "no-such-port");

        Assert.Contains("no-such-port", result.Stderr, StringComparison.Ordinal);
    }
}
