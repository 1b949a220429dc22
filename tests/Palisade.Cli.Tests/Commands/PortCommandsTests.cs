namespace Palisade.Cli.Tests.Commands;

public sealed class PortCommandsTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task List_shows_the_projects_ports_with_their_addresses_and_group_names()
    {
        var project = await server.NewProjectAsync();
        var (port, address) = await server.NewPortAsync(project, instanceId: "vm-1");

        var table = await server.Cli(project).RunAsync(0, "port", "list");
        var json = await server.Cli(project).RunAsync(0, "port", "list", "-o", "json");

        Assert.Contains(port, table.Stdout, StringComparison.Ordinal);
        Assert.Contains(address, table.Stdout, StringComparison.Ordinal);
        Assert.Contains("vm-1", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("default", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(port, (string?)json.Json.AsArray().Single()!["id"]);
    }

    [Fact]
    public async Task Bind_adds_groups_to_those_already_bound()
    {
        var project = await server.NewProjectAsync();
        var (port, _) = await server.NewPortAsync(project);
        var cli = server.Cli(project);
        var web = (string)(await cli.RunAsync(0, "group", "create", "web", "-o", "json")).Json["id"]!;
        var db = (string)(await cli.RunAsync(0, "group", "create", "db", "-o", "json")).Json["id"]!;

        var result = await cli.RunAsync(0, "port", "bind", port, "web", db, "-o", "json");

        var groups = result.Json["security_groups"]!.AsArray().Select(g => (string)g!).ToList();
        Assert.Equal(3, groups.Count);
        Assert.Contains(web, groups);
        Assert.Contains(db, groups);
    }

    [Fact]
    public async Task Unbind_puts_back_the_list_without_the_groups()
    {
        var project = await server.NewProjectAsync();
        var (port, _) = await server.NewPortAsync(project);
        var cli = server.Cli(project);
        await cli.RunAsync(0, "group", "create", "web");
        await cli.RunAsync(0, "port", "bind", port, "web");

        var result = await cli.RunAsync(0, "port", "unbind", port, "default");

        Assert.Contains("web", result.Stdout, StringComparison.Ordinal);
        var stored = await server.GetAsync($"/api/v1/ports/{port}");
        Assert.Single(stored["security_groups"]!.AsArray());
    }

    [Fact]
    public async Task Binding_a_group_twice_is_a_note_not_an_error()
    {
        var project = await server.NewProjectAsync();
        var (port, _) = await server.NewPortAsync(project);

        var result = await server.Cli(project).RunAsync(0, "port", "bind", port, "default");

        Assert.Contains("already bound", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binding_to_a_port_that_does_not_exist_exits_1()
    {
        var result = await server.Cli(await server.NewProjectAsync()).RunAsync(1, "port", "bind", "no-such-port", "default");

        Assert.Contains("no-such-port", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instance_bind_creates_an_instance_binding_per_group()
    {
        var project = await server.NewProjectAsync();
        var cli = server.Cli(project);
        var web = (string)(await cli.RunAsync(0, "group", "create", "web", "-o", "json")).Json["id"]!;

        var result = await cli.RunAsync(0, "instance", "bind", "vm-7", "web", "default", "-o", "json");

        Assert.Equal(2, result.Json.AsArray().Count);
        var binding = result.Json[0]!;
        Assert.Equal(web, (string?)binding["group_id"]);
        Assert.Equal("instance", (string?)binding["scope"]);
        Assert.Equal("vm-7", (string?)binding["target_id"]);
    }

    [Fact]
    public async Task Instance_list_and_unbind_show_and_remove_the_instances_bindings()
    {
        var project = await server.NewProjectAsync();
        var cli = server.Cli(project);
        var instance = "vm-" + Guid.NewGuid().ToString("N")[..6];
        await cli.RunAsync(0, "group", "create", "web");
        await cli.RunAsync(0, "instance", "bind", instance, "web");

        var listed = await cli.RunAsync(0, "instance", "list", instance);
        await cli.RunAsync(0, "instance", "unbind", instance, "web");
        var after = await cli.RunAsync(0, "instance", "list", instance, "-o", "json");

        Assert.Contains("web", listed.Stdout, StringComparison.Ordinal);
        Assert.Empty(after.Json.AsArray());
    }

    [Fact]
    public async Task Binding_an_instance_twice_exits_1_naming_the_existing_binding()
    {
        var cli = server.Cli(await server.NewProjectAsync());
        var first = await cli.RunAsync(0, "instance", "bind", "vm-9", "default", "-o", "json");

        var result = await cli.RunAsync(1, "instance", "bind", "vm-9", "default");

        Assert.Contains((string)first.Json[0]!["id"]!, result.Stderr, StringComparison.Ordinal);
    }
}
