using System.CommandLine;
using Palisade.Cli.Commands;
using Palisade.Cli.Commands.Insight;
using Palisade.Cli.Infrastructure;

namespace Palisade.Cli;

/// <summary>
/// The <c>palisade</c> command. Exit codes (<see cref="ExitCodes"/>): 0 done, 1 the server refused,
/// 2 the command line is wrong, 3 no server to talk to. Expected failures print one plain message
/// to stderr, never a stack trace.
/// </summary>
public static class CliApp
{
    /// <param name="environment">Reads an environment variable; the process environment when null (tests pass their own).</param>
    /// <param name="interactive">Whether stdout is a terminal: colours and the terminal's width, else plain text 200 columns wide.</param>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        Func<string, string?>? environment = null,
        bool interactive = false,
        CancellationToken cancellationToken = default)
    {
        var host = new CliHost(stdout, stderr, environment ?? Environment.GetEnvironmentVariable, interactive);
        var parseResult = BuildRoot(host).Parse(args);
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }

            await stderr.WriteLineAsync($"See '{CommandPath(parseResult.CommandResult)} --help'.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken);
        }
        catch (ServerRefusedException refused)
        {
            await stderr.WriteLineAsync($"error: {refused.Message}");
            // Validation problems repeat their fields in the detail; print what the detail leaves out.
            foreach (var (field, messages) in refused.Errors)
            {
                foreach (var message in messages.Where(m => refused.Detail?.Contains($"{field}: {m}", StringComparison.Ordinal) != true))
                {
                    await stderr.WriteLineAsync($"  {field}: {message}");
                }
            }

            return refused.ExitCode;
        }
        catch (CliException expected)
        {
            await stderr.WriteLineAsync($"error: {expected.Message}");
            return expected.ExitCode;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: System.CommandLine cancels the action's token.
            await stderr.WriteLineAsync("cancelled.");
            return 130;
        }
    }

    private static string CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new Stack<string>();
        for (var current = result; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(current.Parent is null ? "palisade" : current.Command.Name);
        }

        return string.Join(' ', names);
    }

    internal static RootCommand BuildRoot(CliHost host)
    {
        var root = new RootCommand("Palisade security groups: manage groups, rules and bindings, and explain why a flow passes or drops.");
        host.Options.AddTo(root);
        root.Add(LoginCommand.Create(host));
        root.Add(ProjectCommands.Create(host));
        root.Add(GroupCommands.Create(host));
        root.Add(RuleCommands.Create(host));
        root.Add(PortCommands.Create(host));
        root.Add(InstanceCommands.Create(host));
        root.Add(ExplainCommand.Create(host));
        root.Add(AuditCommand.Create(host));
        root.Add(LogsCommand.Create(host));
        root.Add(ExportCommand.Create(host));
        root.Add(ImportCommand.Create(host));
        root.Add(LintCommand.Create(host));
        root.Add(ReachabilityCommand.Create(host));
        return root;
    }
}
