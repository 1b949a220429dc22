namespace Palisade.Cli.Tests.Commands;

public sealed class AuditCommandTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task Audit_lists_the_projects_changes_newest_first()
    {
        var project = await server.NewProjectAsync();
        var cli = server.Cli(project);
        var group = (string)(await cli.RunAsync(0, "group", "create", "web", "-o", "json")).Json["id"]!;
        await cli.RunAsync(0, "group", "set", "web", "--status", "disabled");

        var table = await cli.RunAsync(0, "audit");
        var json = await cli.RunAsync(0, "audit", "--limit", "1", "-o", "json");

        Assert.Contains("security_group.create", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(group, table.Stdout, StringComparison.Ordinal);
        var events = json.Json["events"]!.AsArray();
        Assert.Single(events);
        Assert.Equal("security_group.update", (string?)events[0]!["action"]);
        Assert.NotNull((string?)json.Json["next_cursor"]);
    }

    [Fact]
    public async Task A_limit_the_server_refuses_exits_1()
    {
        var result = await server.Cli(await server.NewProjectAsync()).RunAsync(1, "audit", "--limit", "0");

        Assert.Contains("limit", result.Stderr, StringComparison.Ordinal);
    }
}
