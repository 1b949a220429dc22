namespace Palisade.Cli.Infrastructure;

/// <summary>An expected failure: printed plainly to stderr (no stack trace) and turned into its exit code.</summary>
internal class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException NotLoggedIn(string message) => new(ExitCodes.Unreachable, message);

    public static CliException Unreachable(string message) => new(ExitCodes.Unreachable, message);
}
