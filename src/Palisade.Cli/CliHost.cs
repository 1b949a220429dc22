using System.CommandLine;
using Palisade.Cli.Infrastructure;
using Spectre.Console;

namespace Palisade.Cli;

/// <summary>What one run of the CLI writes to and reads from: its streams, environment and global options.</summary>
internal sealed class CliHost
{
    /// <summary>Wide enough that ids never wrap when output goes to a file or a pipe.</summary>
    private const int RedirectedWidth = 200;

    public CliHost(TextWriter stdout, TextWriter stderr, Func<string, string?> environment, bool interactive)
    {
        Out = stdout;
        Error = stderr;
        Environment = environment;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            Console.Profile.Width = RedirectedWidth;
        }

        ConfigStore = new ConfigStore(environment);
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public IAnsiConsole Console { get; }

    public Func<string, string?> Environment { get; }

    public ConfigStore ConfigStore { get; }

    public GlobalOptions Options { get; } = new();

    /// <summary>Runs <paramref name="action"/> with a session for the parsed command line; exceptions reach <see cref="CliApp"/>.</summary>
    public void SetAction(Command command, Func<CommandSession, CancellationToken, Task> action) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = new CommandSession(this, parseResult);
            await action(session, cancellationToken);
            return ExitCodes.Ok;
        });
}
