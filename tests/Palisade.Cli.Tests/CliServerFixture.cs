using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Palisade.Server;

namespace Palisade.Cli.Tests;

/// <summary>
/// A real Palisade server on 127.0.0.1 (an ephemeral port) over a fresh SQLite file, one per test
/// class. Tests make their own projects (and config directories), so they do not see each other.
/// </summary>
public sealed class CliServerFixture : IAsyncLifetime
{
    public const string AdminToken = "cli-test-admin-token";

    private readonly string directory = Directory.CreateTempSubdirectory("palisade-cli-test-").FullName;
    private WebApplication? app;

    public string Server { get; private set; } = "";

    /// <summary>The server's API, for arranging what the CLI has no command for (networks, ports) and for checking results.</summary>
    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        app = await PalisadeServer.BuildAsync([
            "--Palisade:Urls=http://127.0.0.1:0",
            $"--Palisade:Database={Path.Combine(directory, "palisade.db")}",
            $"--PALISADE_ADMIN_TOKEN={AdminToken}",
        ]);
        await app.StartAsync();
        Server = app.Urls.First();
        Api = new HttpClient { BaseAddress = new Uri(Server), Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    /// <summary>A CLI with its own empty config directory, pointed at this server through the environment (no login).</summary>
    public CliRunner Cli(string? project = null) => new(new Dictionary<string, string?>
    {
        ["PALISADE_CONFIG_DIR"] = NewConfigDirectory(),
        ["PALISADE_SERVER"] = Server,
        ["PALISADE_TOKEN"] = AdminToken,
        ["PALISADE_PROJECT"] = project,
    });

    /// <summary>A CLI with its own empty config directory and nothing else: it has to log in.</summary>
    public CliRunner LoggedOutCli() => new(new Dictionary<string, string?> { ["PALISADE_CONFIG_DIR"] = NewConfigDirectory() });

    public async Task<string> NewProjectAsync()
    {
        var project = await PostAsync("/api/v1/projects", new { name = "p-" + Guid.NewGuid().ToString("N")[..8] });
        return (string)project["id"]!;
    }

    /// <summary>A port with one fixed IP in a fresh 198.18.x.0/24 subnet of <paramref name="projectId"/>; its id and address.</summary>
    public async Task<(string Id, string Address)> NewPortAsync(string projectId, string? instanceId = null)
    {
        var network = await PostAsync("/api/v1/networks", new { project_id = projectId, name = "net" });
        var octet = Random.Shared.Next(0, 256);
        var subnet = await PostAsync("/api/v1/subnets", new { network_id = (string)network["id"]!, cidr = $"198.18.{octet}.0/24" });
        var address = $"198.18.{octet}.10";
        var port = await PostAsync("/api/v1/ports", new
        {
            project_id = projectId,
            network_id = (string)network["id"]!,
            fixed_ips = new[] { new { subnet_id = (string)subnet["id"]!, ip_address = address } },
            instance_id = instanceId,
        });
        return ((string)port["id"]!, address);
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task<JsonNode> PostAsync(string path, object body)
    {
        using var response = await Api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private string NewConfigDirectory() => Path.Combine(directory, "config-" + Guid.NewGuid().ToString("N")[..8]);
}
