using System.CommandLine;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;
using Palisade.Cli.Rendering;
using Spectre.Console;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade group create | list | show | set | delete</c>. A GROUP is an id, or a name in the current project.</summary>
internal static class GroupCommands
{
    public static Command Create(CliHost host) => new("group", "Security groups: named sets of allow rules")
    {
        CreateGroup(host),
        List(host),
        Show(host),
        Set(host),
        Delete(host),
    };

    private static Command CreateGroup(CliHost host)
    {
        var name = new Argument<string>("NAME") { Description = "Group name" };
        var description = new Option<string?>("--description") { Description = "What the group is for" };
        var status = StatusOption();
        var stateless = new Option<bool>("--stateless") { Description = "Do not track connections: replies need their own rules" };
        var command = new Command("create", "Create a group in the current project (it starts allowing all egress, like Neutron)") { name, description, status, stateless };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var project = await session.RequireProjectAsync(cancellationToken);
            var api = await session.ConnectAsync(cancellationToken);
            var body = new
            {
                project_id = project,
                name = session.GetRequired(name),
                description = session.GetValue(description),
                status = session.GetValue(status),
                stateful = session.GetValue(stateless) ? false : (bool?)null,
            };
            var json = await api.PostAsync("/api/v1/security-groups", body, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            await WriteGroupAsync(session, PalisadeClient.As<SecurityGroup>(json, "security group"), cancellationToken);
        });
        return command;
    }

    private static Command List(CliHost host)
    {
        var command = new Command("list", "List the groups of the current project (every group when there is none)");
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var project = await session.ProjectIdAsync(cancellationToken);
            var api = await session.ConnectAsync(cancellationToken);
            var json = await api.ListAsync(project is null ? "/api/v1/security-groups" : $"/api/v1/security-groups?project_id={Uri.EscapeDataString(project)}", cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            var headers = project is null
                ? new[] { "ID", "NAME", "STATUS", "STATEFUL", "RULES", "DESCRIPTION", "PROJECT" }
                : ["ID", "NAME", "STATUS", "STATEFUL", "RULES", "DESCRIPTION"];
            var table = Tables.Create(headers);
            foreach (var group in PalisadeClient.As<List<SecurityGroup>>(json, "security groups").OrderBy(g => g.Name, StringComparer.Ordinal))
            {
                string?[] cells = [group.Id, group.Name, group.Status, group.Stateful ? "yes" : "no", group.Rules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), group.Description];
                table.Row(project is null ? [.. cells, group.ProjectId ?? "(platform)"] : cells);
            }

            session.Console.Write(table);
        });
        return command;
    }

    private static Command Show(CliHost host)
    {
        var group = GroupArgument();
        var command = new Command("show", "Show a group and its rules") { group };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var (resolved, json) = await session.ResolveGroupAsync(session.GetRequired(group), cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            await WriteGroupAsync(session, resolved, cancellationToken);
        });
        return command;
    }

    private static Command Set(CliHost host)
    {
        var group = GroupArgument();
        var name = new Option<string?>("--name") { Description = "New name" };
        var description = new Option<string?>("--description") { Description = "New description" };
        var status = StatusOption();
        var command = new Command("set", "Change a group's name, description or status") { group, name, description, status };
        command.Validators.Add(result =>
        {
            if (result.GetResult(name) is null && result.GetResult(description) is null && result.GetResult(status) is null)
            {
                result.AddError("Nothing to change: give --name, --description or --status.");
            }
        });
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var id = await session.ResolveGroupIdAsync(session.GetRequired(group), cancellationToken);
            var api = await session.ConnectAsync(cancellationToken);
            var json = await api.PatchAsync($"/api/v1/security-groups/{Uri.EscapeDataString(id)}",
                new { name = session.GetValue(name), description = session.GetValue(description), status = session.GetValue(status) }, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            await WriteGroupAsync(session, PalisadeClient.As<SecurityGroup>(json, "security group"), cancellationToken);
        });
        return command;
    }

    private static Command Delete(CliHost host)
    {
        var group = GroupArgument();
        var command = new Command("delete", "Delete a group that nothing binds or references") { group };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var id = await session.ResolveGroupIdAsync(session.GetRequired(group), cancellationToken);
            var api = await session.ConnectAsync(cancellationToken);
            await api.DeleteAsync($"/api/v1/security-groups/{Uri.EscapeDataString(id)}", cancellationToken);
            if (!session.Json)
            {
                session.Console.WriteLine($"Deleted security group {id}.");
            }
        });
        return command;
    }

    internal static Argument<string> GroupArgument() => new("GROUP") { Description = "Group id, or name in the current project" };

    private static Option<string?> StatusOption()
    {
        var status = new Option<string?>("--status") { Description = "enabled or disabled (a disabled group contributes no rules)" };
        status.AcceptOnlyFromAmong("enabled", "disabled");
        return status;
    }

    private static async Task WriteGroupAsync(CommandSession session, SecurityGroup group, CancellationToken cancellationToken)
    {
        session.Console.Write(Tables.Properties(
            ("ID", group.Id),
            ("Name", group.Name),
            ("Description", group.Description),
            ("Project", group.ProjectId ?? "(platform)"),
            ("Status", group.Status),
            ("Stateful", group.Stateful ? "yes" : "no"),
            ("Revision", group.RevisionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var names = await GroupNames.ForRulesAsync(session, group, group.Rules, cancellationToken);
        session.Console.Write(RuleText.Table(group.Rules, names));
    }
}
