namespace Palisade.Cli.Infrastructure;

/// <summary>What a script can rely on: the exit code says whose fault a failure was.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The server answered with an error: a refusal (4xx), or its own failure (5xx).</summary>
    public const int Refused = 1;

    /// <summary>The command line itself is wrong; nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>No server to talk to: unreachable, or no server and token configured.</summary>
    public const int Unreachable = 3;

    /// <summary><c>palisade lint --fail-on</c>: the lint ran and found something at or above the given severity.</summary>
    public const int Findings = 4;
}
