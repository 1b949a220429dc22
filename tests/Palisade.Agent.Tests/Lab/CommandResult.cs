namespace Palisade.Agent.Tests.Lab;

public sealed record CommandResult(int ExitCode, string Output, string Error, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
