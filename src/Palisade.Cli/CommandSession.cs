using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;
using Spectre.Console;

namespace Palisade.Cli;

/// <summary>
/// One command being run: where its server, token and project come from (option, environment,
/// saved login, in that order), the client it talks through, and how it writes its answer.
/// </summary>
internal sealed class CommandSession(CliHost host, ParseResult parseResult) : IDisposable
{
    private CliConfig? config;
    private PalisadeClient? client;
    private string? projectId;

    public ParseResult ParseResult { get; } = parseResult;

    public bool Json => ParseResult.GetValue(host.Options.Output) == "json";

    public IAnsiConsole Console => host.Console;

    public TextWriter Out => host.Out;

    public TextWriter Error => host.Error;

    public ConfigStore ConfigStore => host.ConfigStore;

    public T? GetValue<T>(Option<T> option) => ParseResult.GetValue(option);

    public T GetRequired<T>(Argument<T> argument) => ParseResult.GetRequiredValue(argument);

    public async Task<CliConfig> ConfigAsync(CancellationToken cancellationToken) =>
        config ??= await host.ConfigStore.LoadAsync(cancellationToken);

    public string? OptionOrEnvironment(Option<string?> option, string variable) =>
        ParseResult.GetValue(option) is { Length: > 0 } value ? value : host.Environment(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

    /// <summary>A client for the configured server and token; without them the user is told to log in (exit 3).</summary>
    public async Task<PalisadeClient> ConnectAsync(CancellationToken cancellationToken)
    {
        if (client is not null)
        {
            return client;
        }

        var saved = await ConfigAsync(cancellationToken);
        var server = OptionOrEnvironment(host.Options.Server, "PALISADE_SERVER") ?? saved.Server;
        var token = OptionOrEnvironment(host.Options.Token, "PALISADE_TOKEN") ?? saved.Token;
        if (server is null || token is null)
        {
            throw CliException.NotLoggedIn($"not logged in: run 'palisade login --server URL --token TOKEN' (or pass --server and --token). No login saved in {host.ConfigStore.FilePath}.");
        }

        client = new PalisadeClient(ParseServer(server), token);
        return client;
    }

    public static Uri ParseServer(string server) =>
        Uri.TryCreate(server, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw CliException.Usage($"--server: '{server}' is not an http:// or https:// URL.");

    /// <summary>The project id from --project (an id or a name), $PALISADE_PROJECT or the saved login, if any.</summary>
    public async Task<string?> ProjectIdAsync(CancellationToken cancellationToken)
    {
        if (projectId is not null)
        {
            return projectId;
        }

        if (OptionOrEnvironment(host.Options.Project, "PALISADE_PROJECT") is { } reference)
        {
            return projectId = (await ResolveProjectAsync(await ConnectAsync(cancellationToken), reference, cancellationToken)).Id;
        }

        return projectId = (await ConfigAsync(cancellationToken)).Project;
    }

    public async Task<string> RequireProjectAsync(CancellationToken cancellationToken) =>
        await ProjectIdAsync(cancellationToken)
        ?? throw CliException.Usage("no project: pass --project ID_OR_NAME, or log in with 'palisade login --project ID_OR_NAME'.");

    /// <summary>A project by id, else by name; a name that several projects share must be given as an id.</summary>
    public static async Task<Project> ResolveProjectAsync(PalisadeClient client, string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetAsync<Project>($"/api/v1/projects/{Uri.EscapeDataString(reference)}", cancellationToken);
        }
        catch (ServerRefusedException notFound) when (notFound.Status == 404)
        {
            var named = await client.ListAsync<Project>($"/api/v1/projects?name={Uri.EscapeDataString(reference)}", cancellationToken);
            if (named.Count == 0)
            {
                throw;
            }

            return named.Count == 1
                ? named[0]
                : throw CliException.Usage($"--project: {named.Count} projects are named '{reference}'; give the id ({string.Join(", ", named.Select(p => p.Id))}).");
        }
    }

    /// <summary>A group by id, else by name within the current project.</summary>
    public async Task<(SecurityGroup Group, JsonNode Json)> ResolveGroupAsync(string reference, CancellationToken cancellationToken)
    {
        var api = await ConnectAsync(cancellationToken);
        try
        {
            var node = await api.GetAsync($"/api/v1/security-groups/{Uri.EscapeDataString(reference)}", cancellationToken);
            return (PalisadeClient.As<SecurityGroup>(node, "security group"), node!);
        }
        catch (ServerRefusedException notFound) when (notFound.Status == 404)
        {
            if (await ProjectIdAsync(cancellationToken) is not { } project)
            {
                throw;
            }

            var named = await api.ListAsync($"/api/v1/security-groups?project_id={Uri.EscapeDataString(project)}&name={Uri.EscapeDataString(reference)}", cancellationToken);
            if (named.Count == 0)
            {
                throw;
            }

            return named.Count == 1
                ? (PalisadeClient.As<SecurityGroup>(named[0], "security group"), named[0]!)
                : throw CliException.Usage($"{named.Count} groups are named '{reference}' in project {project}; give the id.");
        }
    }

    public async Task<string> ResolveGroupIdAsync(string reference, CancellationToken cancellationToken) =>
        (await ResolveGroupAsync(reference, cancellationToken)).Group.Id;

    public void WriteJson(JsonNode? node) => Out.WriteLine(node?.ToJsonString(CliJson.Indented) ?? "null");

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, CliJson.Indented));

    /// <summary>A progress or status line for people; on stderr, so stdout stays the answer.</summary>
    public void Status(string line) => Error.WriteLine(line);

    public void Dispose() => client?.Dispose();
}
