namespace Palisade.Cli.Tests;

/// <summary>
/// Runs the CLI in-process, as a user with their own config directory would. Its environment is
/// passed in, not the process's, so tests running in parallel do not see each other's logins.
/// </summary>
public sealed class CliRunner(IReadOnlyDictionary<string, string?> environment)
{
    public string ConfigDirectory => environment["PALISADE_CONFIG_DIR"]!;

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, name => environment.GetValueOrDefault(name));
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (as Ctrl-C does), writing to <paramref name="stdout"/> as it goes; the exit code.</summary>
    public Task<int> RunAsync(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, params string[] args) =>
        CliApp.RunAsync(args, stdout, stderr, name => environment.GetValueOrDefault(name), cancellationToken: cancellationToken);

    /// <summary>Runs and checks the exit code, showing everything the CLI wrote when it differs.</summary>
    public async Task<CliResult> RunAsync(int expectedExitCode, params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == expectedExitCode, $"palisade {string.Join(' ', args)}: expected exit {expectedExitCode}\n{result}");
        return result;
    }
}
