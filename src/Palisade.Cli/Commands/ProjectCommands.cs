using System.CommandLine;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;
using Palisade.Cli.Rendering;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade project list | create NAME</c>.</summary>
internal static class ProjectCommands
{
    public static Command Create(CliHost host) => new("project", "Projects: the tenants that own groups and ports")
    {
        List(host),
        CreateProject(host),
    };

    private static Command List(CliHost host)
    {
        var command = new Command("list", "List projects");
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var api = await session.ConnectAsync(cancellationToken);
            var json = await api.ListAsync("/api/v1/projects", cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            var current = await session.ProjectIdAsync(cancellationToken);
            var table = Tables.Create("ID", "NAME", "GROUPS MANAGED BY", "");
            foreach (var project in PalisadeClient.As<List<Project>>(json, "projects"))
            {
                table.Row(project.Id, project.Name, project.GroupsManagedBy, project.Id == current ? "current" : "");
            }

            session.Console.Write(table);
        });
        return command;
    }

    private static Command CreateProject(CliHost host)
    {
        var name = new Argument<string>("NAME") { Description = "Project name" };
        var managedBy = new Option<string?>("--groups-managed-by") { Description = "project (default) or platform (Cloud Foundry spaces)" };
        managedBy.AcceptOnlyFromAmong("project", "platform");
        var defaultRules = new Option<string?>("--default-rules") { Description = "whose defaults its default group follows: neutron (default), cloudstack or cloudfoundry (docs/compatibility/platform-defaults.md)" };
        defaultRules.AcceptOnlyFromAmong("neutron", "cloudstack", "cloudfoundry");
        var command = new Command("create", "Create a project (with its default group)") { name, managedBy, defaultRules };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var api = await session.ConnectAsync(cancellationToken);
            var json = await api.PostAsync("/api/v1/projects", new { name = session.GetRequired(name), groups_managed_by = session.GetValue(managedBy), default_rules = session.GetValue(defaultRules) }, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            var project = PalisadeClient.As<Project>(json, "project");
            session.Console.Write(Tables.Properties(("ID", project.Id), ("Name", project.Name), ("Groups managed by", project.GroupsManagedBy), ("Default rules", project.DefaultRules)));
        });
        return command;
    }
}
