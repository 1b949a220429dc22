namespace Palisade.Agent.Apply;

/// <summary>How a command ended: its exit code (-1 when it timed out) and what it printed.</summary>
internal sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The first lines of the error output, short enough for a status report.</summary>
    public string Describe(string what) =>
        $"{what} failed (exit {ExitCode}): {(Error.Length > 2000 ? Error[..2000] + "…" : Error).Trim()}";
}
