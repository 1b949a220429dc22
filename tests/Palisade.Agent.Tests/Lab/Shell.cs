using System.Diagnostics;

namespace Palisade.Agent.Tests.Lab;

/// <summary>Runs a command with a hard time limit; every wait in the lab is bounded.</summary>
public static class Shell
{
    public static async Task<CommandResult> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return new CommandResult(-1, await output, await error, TimedOut: true);
        }

        return new CommandResult(process.ExitCode, await output, await error, TimedOut: false);
    }

    /// <summary>Runs a setup command that must succeed; its error output explains a failure.</summary>
    public static async Task MustAsync(string file, params string[] arguments)
    {
        var result = await RunAsync(file, arguments, TimeSpan.FromSeconds(20));
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Error}{result.Output}");
        }
    }
}
