namespace Palisade.Cli.Tests.Commands.Insight;

public sealed class DryRunTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task Rule_add_dry_run_shows_the_flows_it_would_open_and_adds_nothing()
    {
        var project = await server.NewProjectAsync();
        var (port, _) = await server.NewPortAsync(project);
        var cli = server.Cli(project);

        var result = await cli.RunAsync(0, "rule", "add", "default", "--direction", "ingress", "--protocol", "tcp", "--port", "22", "--remote-ip", "203.0.113.0/24", "--dry-run");

        var line = Assert.Single(result.Stdout.Split('\n'), l => l.Contains("drop -> allow", StringComparison.Ordinal));
        Assert.Contains(port, line, StringComparison.Ordinal);
        Assert.Contains("203.0.113.0/24", line, StringComparison.Ordinal);
        Assert.DoesNotContain((await cli.RunAsync(0, "rule", "list", "default", "-o", "json")).Json.AsArray(), r => (int?)r!["port_range_min"] == 22);
    }

    [Fact]
    public async Task Rule_delete_dry_run_in_json_lists_what_would_be_dropped_and_keeps_the_rule()
    {
        var project = await server.NewProjectAsync();
        var (port, _) = await server.NewPortAsync(project);
        var cli = server.Cli(project);
        var rule = (string)(await cli.RunAsync(0, "rule", "add", "default", "--direction", "ingress", "--protocol", "tcp", "--port", "22", "--remote-ip", "203.0.113.0/24", "-o", "json")).Json[0]!["id"]!;

        var result = await cli.RunAsync(0, "rule", "delete", "default", rule, "--dry-run", "-o", "json");

        var impact = Assert.Single(result.Json["ports"]!.AsArray(), p => (string)p!["port_id"]! == port)!;
        Assert.Contains(impact["changes"]!.AsArray(), c => (string)c!["verdict_after"]! == "drop" && (int?)c["flows"]!["port_range_min"] == 22);
        Assert.Contains((await cli.RunAsync(0, "rule", "list", "default", "-o", "json")).Json.AsArray(), r => (string)r!["id"]! == rule);
    }

    [Fact]
    public async Task Port_unbind_dry_run_shows_the_port_losing_its_flows_and_leaves_the_group_bound()
    {
        var project = await server.NewProjectAsync();
        var (port, _) = await server.NewPortAsync(project);
        var cli = server.Cli(project);
        await cli.RunAsync(0, "group", "create", "web");
        await cli.RunAsync(0, "rule", "add", "web", "--direction", "ingress", "--protocol", "tcp", "--port", "443");
        await cli.RunAsync(0, "port", "bind", port, "web");

        var result = await cli.RunAsync(0, "port", "unbind", port, "web", "--dry-run");

        Assert.Contains("allow -> drop", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, (await server.GetAsync($"/api/v1/ports/{port}"))["security_groups"]!.AsArray().Count);
    }
}
