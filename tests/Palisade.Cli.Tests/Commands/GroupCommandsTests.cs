namespace Palisade.Cli.Tests.Commands;

public sealed class GroupCommandsTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task Create_makes_a_group_in_the_current_project_and_prints_the_servers_json()
    {
        var project = await server.NewProjectAsync();

        var result = await server.Cli(project).RunAsync(0, "group", "create", "web", "--description", "web tier", "--stateless", "--output", "json");

        var group = await server.GetAsync($"/api/v1/security-groups/{(string)result.Json["id"]!}");
        Assert.Equal("web", (string?)group["name"]);
        Assert.Equal("web tier", (string?)group["description"]);
        Assert.Equal(project, (string?)group["project_id"]);
        Assert.False((bool)group["stateful"]!);
    }

    [Fact]
    public async Task Create_shows_the_new_group_and_its_rules_as_a_table()
    {
        var project = await server.NewProjectAsync();

        var result = await server.Cli(project).RunAsync(0, "group", "create", "web", "--status", "disabled");

        Assert.Contains("web", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("disabled", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("egress", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_without_a_project_is_a_usage_error()
    {
        var result = await server.Cli().RunAsync(2, "group", "create", "web");

        Assert.Contains("--project", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shows_only_the_current_projects_groups()
    {
        var project = await server.NewProjectAsync();
        var other = await server.NewProjectAsync();
        await server.Cli(other).RunAsync(0, "group", "create", "elsewhere");
        var cli = server.Cli(project);
        await cli.RunAsync(0, "group", "create", "web");

        var table = await cli.RunAsync(0, "group", "list");
        var json = await cli.RunAsync(0, "group", "list", "-o", "json");

        Assert.Contains("web", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("default", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("elsewhere", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(["default", "web"], json.Json.AsArray().Select(g => (string)g!["name"]!).Order());
    }

    [Fact]
    public async Task Show_prints_the_group_with_a_table_of_its_rules_naming_remote_groups()
    {
        var project = await server.NewProjectAsync();
        var cli = server.Cli(project);
        await cli.RunAsync(0, "group", "create", "db");
        await cli.RunAsync(0, "rule", "add", "db", "--direction", "ingress", "--protocol", "tcp", "--port", "5432", "--remote-group", "default", "--description", "app to db");

        var result = await cli.RunAsync(0, "group", "show", "db");

        Assert.Contains("5432", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("group default", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("app to db", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_accepts_an_id_and_prints_the_servers_json()
    {
        var project = await server.NewProjectAsync();
        var cli = server.Cli(project);
        var id = (string)(await cli.RunAsync(0, "group", "create", "web", "-o", "json")).Json["id"]!;

        var result = await server.Cli().RunAsync(0, "group", "show", id, "-o", "json");

        Assert.Equal("web", (string?)result.Json["name"]);
        Assert.Equal(2, result.Json["rules"]!.AsArray().Count);
    }

    [Fact]
    public async Task Show_of_a_group_that_does_not_exist_exits_1_with_the_servers_reason()
    {
        var result = await server.Cli(await server.NewProjectAsync()).RunAsync(1, "group", "show", "nope");

        Assert.Contains("Not found", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nope", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_changes_name_description_and_status()
    {
        var project = await server.NewProjectAsync();
        var cli = server.Cli(project);
        var id = (string)(await cli.RunAsync(0, "group", "create", "web", "-o", "json")).Json["id"]!;

        await cli.RunAsync(0, "group", "set", "web", "--name", "frontend", "--description", "public", "--status", "disabled");

        var group = await server.GetAsync($"/api/v1/security-groups/{id}");
        Assert.Equal("frontend", (string?)group["name"]);
        Assert.Equal("public", (string?)group["description"]);
        Assert.Equal("disabled", (string?)group["status"]);
    }

    [Fact]
    public async Task Delete_removes_the_group()
    {
        var project = await server.NewProjectAsync();
        var cli = server.Cli(project);
        await cli.RunAsync(0, "group", "create", "web");

        await cli.RunAsync(0, "group", "delete", "web");

        var groups = await cli.RunAsync(0, "group", "list", "-o", "json");
        Assert.DoesNotContain(groups.Json.AsArray(), g => (string?)g!["name"] == "web");
    }

    [Fact]
    public async Task Deleting_the_default_group_exits_1_with_the_servers_explanation()
    {
        var result = await server.Cli(await server.NewProjectAsync()).RunAsync(1, "group", "delete", "default");

        Assert.Contains("Conflict", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("default group", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_group_exits_1_naming_the_field()
    {
        var result = await server.Cli(await server.NewProjectAsync()).RunAsync(1, "group", "create", new string('x', 300));

        Assert.Contains("Invalid request", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("name", result.Stderr, StringComparison.Ordinal);
    }
}
