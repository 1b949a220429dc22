using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.Neutron.Tempest;

/// <summary>
/// A tempest workspace (<c>tempest init</c>) in a temporary directory, pointed at one Palisade
/// server with pre-provisioned credentials (tempest's accounts.yaml): four project members, each in a
/// project of its own, and two platform admins, each scoped to a project of its own, so two workers
/// can each hold a primary, an alternate and an admin account at once. Every account's
/// <c>project_id</c> is written out because tempest does not look it up for pre-provisioned
/// credentials, and the quota tests address <c>/v2.0/quotas/{project_id}</c> with it.
/// docs/compatibility/tempest.md records the configuration.
/// </summary>
public sealed class TempestWorkspace : IDisposable
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(10);
    private readonly string directory = Directory.CreateTempSubdirectory("palisade-tempest-").FullName;

    private TempestWorkspace()
    {
    }

    private string Workspace => Path.Combine(directory, "ws");

    private Dictionary<string, string> Environment => new() { ["HOME"] = directory };

    /// <summary>Makes the accounts through the native API as an admin would, then the workspace.</summary>
    public static async Task<TempestWorkspace> CreateAsync(HttpClient admin)
    {
        var workspace = new TempestWorkspace();
        var init = await ExternalCommand.RunAsync("tempest", ["init", workspace.Workspace], workspace.directory, workspace.Environment, TimeSpan.FromMinutes(2));
        Assert.True(init.ExitCode == 0, $"tempest init failed: {init.Error}");
        var accounts = new StringBuilder();
        for (var index = 1; index <= 6; index++)
        {
            var admins = index > 4;
            accounts.Append(await ProvisionAsync(admin, $"tempest-{Guid.NewGuid():N}"[..16], admins));
        }

        await File.WriteAllTextAsync(Path.Combine(workspace.Workspace, "etc", "accounts.yaml"), accounts.ToString());
        await File.WriteAllTextAsync(Path.Combine(workspace.Workspace, "etc", "tempest.conf"), $"""
            [DEFAULT]
            log_dir = {Path.Combine(workspace.Workspace, "logs")}
            [auth]
            use_dynamic_credentials = false
            test_accounts_file = {Path.Combine(workspace.Workspace, "etc", "accounts.yaml")}
            create_isolated_networks = false
            [identity]
            uri_v3 = {admin.BaseAddress!.ToString().TrimEnd('/')}/identity/v3
            auth_version = v3
            [identity-feature-enabled]
            api_v2 = false
            [service_available]
            neutron = true
            nova = false
            cinder = false
            glance = false
            swift = false
            [network]
            project_networks_reachable = false
            [network-feature-enabled]
            api_extensions = all
            ipv6 = true
            [validation]
            run_validation = false
            """);
        return workspace;
    }

    /// <summary>
    /// Runs <c>tempest run --concurrency 2 --regex REGEX [--exclude-regex EXCLUDED]</c> and returns
    /// every test stestr recorded for that run.
    /// </summary>
    public async Task<IReadOnlyList<TempestResult>> RunAsync(string regex, string? excluded)
    {
        string[] arguments = ["run", "--concurrency", "2", "--regex", regex, .. excluded is null ? Array.Empty<string>() : ["--exclude-regex", excluded]];
        var run = await ExternalCommand.RunAsync("tempest", arguments, Workspace, Environment, RunLimit);
        var stream = Path.Combine(Workspace, ".stestr", (int.Parse(await File.ReadAllTextAsync(Path.Combine(Workspace, ".stestr", "next-stream"))) - 1).ToString());
        Assert.True(File.Exists(stream), $"tempest run recorded nothing ({run.ExitCode}): {run.Output}{run.Error}");
        var script = Path.Combine(AppContext.BaseDirectory, "Compat", "Neutron", "Tempest", "subunit_results.py");
        // Debian's interpreter, which has tempest's python3-subunit: a python3 earlier on PATH (pyenv) may not.
        var parsed = await ExternalCommand.RunAsync("/usr/bin/python3", [script, stream], Workspace, Environment, TimeSpan.FromMinutes(2));
        Assert.True(parsed.ExitCode == 0, $"reading the subunit stream failed: {parsed.Error}");
        return JsonSerializer.Deserialize<List<TempestResult>>(parsed.Output) ?? [];
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static async Task<string> ProvisionAsync(HttpClient admin, string name, bool platformAdmin)
    {
        var project = await PostAsync(admin, "/api/v1/projects", new { name });
        var principal = await PostAsync(admin, "/api/v1/principals", new { name });
        var token = await PostAsync(admin, "/api/v1/tokens", new { principal_id = (string)principal["id"]! });
        await PostAsync(admin, "/api/v1/role-bindings", new { principal_id = (string)principal["id"]!, role = platformAdmin ? "admin" : "member", project_id = platformAdmin ? null : (string)project["id"]! });
        return $"""
            - username: '{name}'
              password: '{(string)token["token"]!}'
              project_name: '{name}'
              project_id: '{(string)project["id"]!}'
              domain_name: 'Default'
            {(platformAdmin ? "  roles:\n    - 'admin'\n" : "")}
            """;
    }

    private static async Task<JsonNode> PostAsync(HttpClient admin, string path, object body)
    {
        using var response = await admin.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
