using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Palisade.Cli.Tests.Commands;

public sealed class LoginCommandTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task Login_saves_server_token_and_project_in_a_file_only_its_owner_can_read()
    {
        var project = await server.NewProjectAsync();
        var cli = server.LoggedOutCli();

        await cli.RunAsync(0, "login", "--server", server.Server, "--token", CliServerFixture.AdminToken, "--project", project);

        var file = Path.Combine(cli.ConfigDirectory, "config.json");
        var config = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        Assert.Equal(CliServerFixture.AdminToken, (string?)config["token"]);
        Assert.Equal(project, (string?)config["project"]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task Commands_after_login_use_the_saved_server_token_and_project()
    {
        var project = await server.NewProjectAsync();
        var cli = server.LoggedOutCli();
        await cli.RunAsync(0, "login", "--server", server.Server, "--token", CliServerFixture.AdminToken, "--project", project);

        var groups = await cli.RunAsync(0, "group", "list", "--output", "json");

        Assert.Equal(project, (string?)groups.Json[0]!["project_id"]);
    }

    [Fact]
    public async Task Login_accepts_a_project_name_and_saves_its_id()
    {
        var name = "named-" + Guid.NewGuid().ToString("N")[..8];
        var project = await server.PostAsync("/api/v1/projects", new { name });
        var cli = server.LoggedOutCli();

        var result = await cli.RunAsync(0, "login", "--server", server.Server, "--token", CliServerFixture.AdminToken, "--project", name, "--output", "json");

        Assert.Equal((string?)project["id"], (string?)result.Json["project"]);
    }

    [Fact]
    public async Task Login_with_a_wrong_token_exits_1_with_the_servers_reason_and_saves_nothing()
    {
        var cli = server.LoggedOutCli();

        var result = await cli.RunAsync(1, "login", "--server", server.Server, "--token", "wrong");

        Assert.Contains("Unauthorized", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cli.ConfigDirectory, "config.json")));
    }

    [Fact]
    public async Task A_command_without_a_login_exits_3_and_says_how_to_log_in()
    {
        var result = await server.LoggedOutCli().RunAsync(3, "group", "list");

        Assert.Contains("palisade login", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_exits_3_without_a_stack_trace()
    {
        var closedPort = ClosedPort();

        var result = await server.LoggedOutCli().RunAsync(3, "group", "list", "--server", $"http://127.0.0.1:{closedPort}", "--token", "t");

        Assert.Contains("cannot reach", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_to_an_unreachable_server_exits_3()
    {
        await server.LoggedOutCli().RunAsync(3, "login", "--server", $"http://127.0.0.1:{ClosedPort()}", "--token", "t");
    }

    [Fact]
    public async Task A_server_that_is_not_a_url_is_a_usage_error()
    {
        var result = await server.LoggedOutCli().RunAsync(2, "login", "--server", "not a url", "--token", "t");

        Assert.Contains("--server", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
