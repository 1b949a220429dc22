using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.Neutron;

/// <summary>
/// The real <c>openstack</c> command (Debian python3-openstackclient) pointed at a Palisade server by
/// an ordinary clouds.yaml: <c>auth_type: password</c> against the server's Keystone endpoint
/// (/identity/v3), a principal's name and token as username and password, scoped to a project by
/// name in the Default domain. Every run is bounded.
/// </summary>
public sealed class OpenStackCli : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("palisade-os-").FullName;

    public OpenStackCli(Uri server, string username, string password, string projectName)
    {
        File.WriteAllText(Path.Combine(directory, "clouds.yaml"), $"""
            clouds:
              palisade:
                auth_type: password
                auth:
                  auth_url: {server.ToString().TrimEnd('/')}/identity/v3
                  username: {username}
                  password: {password}
                  project_name: {projectName}
                  user_domain_name: Default
                  project_domain_name: Default
            """);
    }

    /// <summary>A project member's <c>openstack</c>, signed in to that project.</summary>
    public OpenStackCli(Uri server, TestPrincipal principal, TestProject project)
        : this(server, principal.Name, principal.Token, project.Name)
    {
    }

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public JsonNode Json => JsonNode.Parse(Output) ?? throw new InvalidOperationException("no JSON output");
    }

    /// <summary>Runs <c>openstack --os-cloud palisade ARGS</c>.</summary>
    public async Task<Result> RunAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["OS_CLIENT_CONFIG_FILE"] = Path.Combine(directory, "clouds.yaml"), ["HOME"] = directory };
        var result = await ExternalCommand.RunAsync("openstack", ["--os-cloud", "palisade", .. arguments], directory, environment, TimeSpan.FromSeconds(90));
        return new Result(result.ExitCode, result.Output, result.Error);
    }

    /// <summary>Runs a command that must succeed and returns its JSON output (<c>-f json</c> is added).</summary>
    public async Task<JsonNode> JsonAsync(params string[] arguments)
    {
        var result = await RunAsync([.. arguments, "-f", "json"]);
        Assert.True(result.ExitCode == 0, $"openstack {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Error}");
        return result.Json;
    }

    /// <summary>Runs a command that must fail and returns what it printed on stderr.</summary>
    public async Task<string> FailureAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode != 0, $"openstack {string.Join(' ', arguments)} should have failed: {result.Output}");
        return result.Error;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
