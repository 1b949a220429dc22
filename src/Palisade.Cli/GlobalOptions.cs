using System.CommandLine;

namespace Palisade.Cli;

/// <summary>Options every command takes; each overrides the environment and the saved config.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Server { get; } = new("--server")
    {
        Description = "Server URL, e.g. http://127.0.0.1:8080 (else $PALISADE_SERVER, else the saved login)",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token (else $PALISADE_TOKEN, else the saved login)",
        Recursive = true,
    };

    public Option<string?> Project { get; } = new("--project")
    {
        Description = "Project id or name (else $PALISADE_PROJECT, else the saved login)",
        Recursive = true,
    };

    public Option<string> Output { get; } = CreateOutput();

    public void AddTo(RootCommand root)
    {
        root.Add(Server);
        root.Add(Token);
        root.Add(Project);
        root.Add(Output);
    }

    private static Option<string> CreateOutput()
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "table for people, json (the server's JSON) for scripts",
            DefaultValueFactory = _ => "table",
            Recursive = true,
        };
        output.AcceptOnlyFromAmong("table", "json");
        return output;
    }
}
