namespace Palisade.Cli.Tests.Commands;

public sealed class ExplainCommandTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task An_allowed_flow_shows_the_verdict_the_step_and_the_matching_rule()
    {
        var project = await server.NewProjectAsync();
        var (port, _) = await server.NewPortAsync(project);
        var cli = server.Cli(project);
        var rule = await cli.RunAsync(0, "rule", "add", "default", "--direction", "ingress", "--protocol", "tcp", "--port", "22", "--remote-ip", "203.0.113.0/24", "-o", "json");

        var result = await cli.RunAsync(0, "explain", "--port", port, "--direction", "ingress", "--protocol", "tcp", "--port-number", "22", "--remote", "203.0.113.5");

        Assert.Contains("ALLOW", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("step 7", result.Stdout, StringComparison.Ordinal);
        Assert.Contains((string)rule.Json[0]!["id"]!, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dropped_flow_is_the_implicit_deny_in_json()
    {
        var project = await server.NewProjectAsync();
        var (port, _) = await server.NewPortAsync(project);

        var result = await server.Cli(project).RunAsync(0, "explain", "--port", port, "--direction", "ingress", "--protocol", "tcp", "--port-number", "23", "--remote", "203.0.113.5", "--ethertype", "IPv4", "-o", "json");

        Assert.Equal("drop", (string?)result.Json["verdict"]);
        Assert.Equal(8, (int)result.Json["step_number"]!);
        Assert.Empty(result.Json["matched_rules"]!.AsArray());
    }

    [Fact]
    public async Task A_flow_the_server_cannot_read_exits_1_naming_the_field()
    {
        var project = await server.NewProjectAsync();
        var (port, _) = await server.NewPortAsync(project);

        var result = await server.Cli(project).RunAsync(1, "explain", "--port", port, "--direction", "ingress", "--protocol", "tcp", "--remote", "not-an-address");

        Assert.Contains("remote_ip_address", result.Stderr, StringComparison.Ordinal);
    }
}
