using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Palisade.Server.Tests;

/// <summary>
/// The server run as operators run it, a process of its own over a fresh SQLite file, working in an
/// empty directory (so no appsettings.json is read), with everything it writes to stdout and stderr
/// (its console log) kept for the test to read.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(IEnumerable<string> configuration)
    {
        directory = Directory.CreateTempSubdirectory("palisade-process-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in (string[])[typeof(PalisadeServer).Assembly.Location, "--Palisade:Urls=http://127.0.0.1:0", $"--Palisade:Database={Path.Combine(directory, "palisade.db")}", $"--PALISADE_ADMIN_TOKEN={ServerFixture.AdminToken}", .. configuration])
        {
            start.ArgumentList.Add(argument);
        }

        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
    }

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Everything the server has written so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static async Task<ServerProcess> StartAsync(params string[] configuration)
    {
        var server = new ServerProcess(configuration);
        server.process.Start();
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        var url = await server.listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        server.Client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerFixture.AdminToken);
        return server;
    }

    /// <summary>Waits (bounded) until the output holds <paramref name="text"/>: the console logger writes from a queue of its own.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            await Task.Delay(50, limit.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        const string Listening = "Palisade listening on ";
        if (line.StartsWith(Listening, StringComparison.Ordinal))
        {
            listening.TrySetResult(new Uri(line[Listening.Length..].Split(", ")[0]));
        }
    }
}
