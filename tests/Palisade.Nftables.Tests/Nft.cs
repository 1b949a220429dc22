using System.Diagnostics;

namespace Palisade.Nftables.Tests;

/// <summary>
/// Runs the real nft. Check mode (<c>nft -c</c>) parses and evaluates a file against the kernel
/// without committing, so it needs root but no namespace; applying runs in a fresh network
/// namespace (<c>unshare -n</c>) so the host's own ruleset is never touched. Every run is bounded.
/// </summary>
internal static class Nft
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Asserts that nft accepts <paramref name="ruleset"/> in check mode; the failure names the lines nft refused.</summary>
    public static async Task AssertAcceptedAsync(string ruleset, string label)
    {
        var file = await WriteAsync(ruleset);
        var result = await RunAsync("nft", ["-c", "-f", file]);
        // The file stays behind on failure so the refused ruleset can be read.
        Assert.True(result.ExitCode == 0, $"nft -c refused {label} (exit {result.ExitCode}):\n{result.Stderr}\nfile kept at {file}");
        File.Delete(file);
    }

    /// <summary>Applies each file in turn in a throwaway network namespace and returns <c>nft list table</c> at the end.</summary>
    public static Task<string> ApplyInNamespaceAsync(params string[] transactions) =>
        ApplyInNamespaceAsync("nft list table inet palisade", transactions);

    /// <summary>Applies each file in turn in a throwaway network namespace, then returns what <paramref name="finally"/> prints.</summary>
    public static async Task<string> ApplyInNamespaceAsync(string @finally, string[] transactions)
    {
        var files = new List<string>();
        foreach (var transaction in transactions)
        {
            files.Add(await WriteAsync(transaction));
        }

        try
        {
            var script = string.Join(" && ", files.Select(f => $"nft -f {f}")) + " && " + @finally;
            var result = await RunAsync("unshare", ["-n", "sh", "-c", script]);
            Assert.True(result.ExitCode == 0, $"applying failed (exit {result.ExitCode}):\n{result.Stderr}");
            return result.Stdout;
        }
        finally
        {
            files.ForEach(File.Delete);
        }
    }

    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {Timeout.TotalSeconds} s");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static async Task<string> WriteAsync(string ruleset)
    {
        var file = Path.Combine(Path.GetTempPath(), $"palisade-{Guid.NewGuid():N}.nft");
        await File.WriteAllTextAsync(file, ruleset);
        return file;
    }
}
