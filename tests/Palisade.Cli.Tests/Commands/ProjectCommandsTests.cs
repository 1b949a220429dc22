namespace Palisade.Cli.Tests.Commands;

public sealed class ProjectCommandsTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task Create_makes_a_project_with_its_default_group()
    {
        var name = "p-" + Guid.NewGuid().ToString("N")[..8];

        var created = await server.Cli().RunAsync(0, "project", "create", name, "-o", "json");

        var groups = await server.Cli((string)created.Json["id"]!).RunAsync(0, "group", "list", "-o", "json");
        Assert.Equal("default", (string?)groups.Json.AsArray().Single()!["name"]);
    }

    [Fact]
    public async Task Create_with_cloudstack_default_rules_makes_a_default_group_without_ingress()
    {
        var name = "cs-" + Guid.NewGuid().ToString("N")[..8];

        var created = await server.Cli().RunAsync(0, "project", "create", name, "--default-rules", "cloudstack", "-o", "json");

        var groups = await server.Cli((string)created.Json["id"]!).RunAsync(0, "group", "list", "-o", "json");
        Assert.Equal("cloudstack", (string?)created.Json["default_rules"]);
        Assert.Equal(["egress", "egress"], groups.Json.AsArray().Single()!["rules"]!.AsArray().Select(r => (string?)r!["direction"]));
    }

    [Fact]
    public async Task List_marks_the_current_project()
    {
        var project = await server.NewProjectAsync();

        var result = await server.Cli(project).RunAsync(0, "project", "list");

        var line = result.Stdout.Split('\n').Single(l => l.Contains(project, StringComparison.Ordinal));
        Assert.Contains("current", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_given_by_name_is_found()
    {
        var name = "named-" + Guid.NewGuid().ToString("N")[..8];
        await server.Cli().RunAsync(0, "project", "create", name);

        var result = await server.Cli(name).RunAsync(0, "group", "create", "web", "-o", "json");

        Assert.Equal("web", (string?)result.Json["name"]);
    }

    [Fact]
    public async Task A_project_that_does_not_exist_exits_1()
    {
        var result = await server.Cli("no-such-project").RunAsync(1, "group", "list");

        Assert.Contains("no-such-project", result.Stderr, StringComparison.Ordinal);
    }
}
