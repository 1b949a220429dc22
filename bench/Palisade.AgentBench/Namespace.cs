using System.Diagnostics;

namespace Palisade.AgentBench;

/// <summary>A throwaway network namespace, so the machine's own ruleset is never touched; deleted on dispose.</summary>
internal sealed class Namespace : IAsyncDisposable
{
    private Namespace(string name) => Name = name;

    public string Name { get; }

    public static async Task<Namespace> CreateAsync()
    {
        var ns = new Namespace("pbench" + Guid.NewGuid().ToString("N")[..8]);
        await RunAsync("ip", ["netns", "add", ns.Name]);
        return ns;
    }

    /// <summary>Runs a command in the namespace and returns its wall time, the process start included (the agent pays it too).</summary>
    public async Task<(TimeSpan Elapsed, string Output)> TimeAsync(string program, string[] arguments, string? input = null)
    {
        var clock = Stopwatch.StartNew();
        var output = await RunAsync("ip", ["netns", "exec", Name, program, .. arguments], input);
        return (clock.Elapsed, output);
    }

    public async ValueTask DisposeAsync() => await RunAsync("ip", ["netns", "del", Name]);

    public static async Task<string> RunAsync(string program, string[] arguments, string? input = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }
}
