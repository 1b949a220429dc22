using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Palisade.LoadTest;

/// <summary>
/// The real server as its own process on a free loopback port, over a fresh SQLite file, so the
/// figures include Kestrel, JSON and the store exactly as deployed.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;

    private ServerProcess(Process process, string directory, Uri url)
    {
        this.process = process;
        this.directory = directory;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ServerProcess> StartAsync(string token)
    {
        var directory = Directory.CreateTempSubdirectory("palisade-load-").FullName;
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var serverDll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Palisade.Server", "bin", "Release", "net10.0", "Palisade.Server.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in new[] { Path.GetFullPath(serverDll), $"--Palisade:Urls={url}", $"--Palisade:Database={Path.Combine(directory, "palisade.db")}", $"--PALISADE_ADMIN_TOKEN={token}", "--Logging:LogLevel:Default=Warning" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new ServerProcess(process, directory, url);
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            try
            {
                if ((await client.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception notYet) when (notYet is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or slow to answer on a busy machine
            }
        }

        await server.DisposeAsync();
        throw new TimeoutException($"the server at {url} did not answer /healthz within 30 s (is {serverDll} built with -c Release?)");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
