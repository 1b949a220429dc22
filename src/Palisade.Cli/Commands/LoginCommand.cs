using System.CommandLine;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Rendering;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade login --server URL --token T [--project P]</c>: check, then remember.</summary>
internal static class LoginCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("login", "Check a server and token (and project), and save them for later commands");
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var saved = await session.ConfigAsync(cancellationToken);
            var server = session.OptionOrEnvironment(host.Options.Server, "PALISADE_SERVER") ?? saved.Server
                ?? throw CliException.Usage("login needs --server URL (and --token TOKEN).");
            var token = session.OptionOrEnvironment(host.Options.Token, "PALISADE_TOKEN") ?? saved.Token
                ?? throw CliException.Usage("login needs --token TOKEN.");
            var serverUri = CommandSession.ParseServer(server);

            using var client = new PalisadeClient(serverUri, token);
            await client.CheckReachableAsync(cancellationToken);
            try
            {
                await client.GetAsync("/api/v1/projects?limit=1", cancellationToken); // a 401 here means the token is wrong
            }
            catch (ServerRefusedException forbidden) when (forbidden.Status == 403)
            {
                // The token is valid but may not list projects (a tenant's token): that is still a login.
            }

            // A saved project belongs to the saved server; logging in elsewhere forgets it unless one is given.
            var sameServer = saved.Server is not null && CommandSession.ParseServer(saved.Server) == serverUri;
            Models.Project? project = null;
            if (session.OptionOrEnvironment(host.Options.Project, "PALISADE_PROJECT") is { } reference)
            {
                project = await CommandSession.ResolveProjectAsync(client, reference, cancellationToken);
            }

            var config = new CliConfig(serverUri.ToString().TrimEnd('/'), token, project?.Id ?? (sameServer ? saved.Project : null));
            await session.ConfigStore.SaveAsync(config, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(new { server = config.Server, project = config.Project, config_file = session.ConfigStore.FilePath });
                return;
            }

            session.Console.Write(Tables.Properties(
                ("Logged in to", config.Server),
                ("Project", project is null ? config.Project ?? "(none: pass --project to commands, or log in with --project)" : $"{project.Name} ({project.Id})"),
                ("Saved in", session.ConfigStore.FilePath)));
        });
        return command;
    }
}
