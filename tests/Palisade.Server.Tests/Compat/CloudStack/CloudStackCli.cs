using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.CloudStack;

/// <summary>
/// The real CloudStack client (Debian package cs, command <c>cloudstack</c>) with a cloudstack.ini
/// holding the server's endpoint and an API key pair. Every run is bounded.
/// </summary>
public sealed class CloudStackCli : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("palisade-cs-").FullName;

    public CloudStackCli(Uri server, string apiKey, string secretKey) =>
        File.WriteAllText(Path.Combine(directory, "cloudstack.ini"), $"""
            [cloudstack]
            endpoint = {server.ToString().TrimEnd('/')}/client/api
            key = {apiKey}
            secret = {secretKey}
            timeout = 30
            """);

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public JsonNode Json => JsonNode.Parse(Output) ?? throw new InvalidOperationException($"no JSON output: {Error}");
    }

    public async Task<Result> RunAsync(params string[] arguments)
    {
        var result = await ExternalCommand.RunAsync("cloudstack", arguments, directory, new Dictionary<string, string> { ["HOME"] = directory }, TimeSpan.FromSeconds(60));
        return new Result(result.ExitCode, result.Output, result.Error);
    }

    /// <summary>A command that must succeed; its JSON answer (for async commands, the job's result).</summary>
    public async Task<JsonNode> OkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"cloudstack {string.Join(' ', arguments)} failed: {result.Error} {result.Output}");
        return result.Json;
    }

    /// <summary>A command that must fail; the errortext CloudStack answered (of the call, or of its job).</summary>
    public async Task<(int Code, string Text)> FailureAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode != 0, $"cloudstack {string.Join(' ', arguments)} should have failed: {result.Output}");
        var body = result.Json.AsObject().Single().Value!;
        var error = body["jobresult"] ?? body;
        return ((int)error["errorcode"]!, (string)error["errortext"]!);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
