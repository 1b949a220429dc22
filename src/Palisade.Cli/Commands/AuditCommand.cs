using System.CommandLine;
using System.Globalization;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;
using Palisade.Cli.Rendering;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade audit [--limit N]</c>: who changed what, newest first (the current project's events when there is one).</summary>
internal static class AuditCommand
{
    public static Command Create(CliHost host)
    {
        var limit = new Option<int>("--limit") { Description = "How many events, newest first (1-1000)", DefaultValueFactory = _ => 50 };
        var resource = new Option<string?>("--resource") { Description = "Only the events of this resource id" };
        var action = new Option<string?>("--action") { Description = "Only this action, e.g. security_group.update" };
        var command = new Command("audit", "List audit events") { limit, resource, action };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var query = new List<string> { string.Create(CultureInfo.InvariantCulture, $"limit={session.GetValue(limit)}") };
            if (await session.ProjectIdAsync(cancellationToken) is { } project)
            {
                query.Add($"project_id={Uri.EscapeDataString(project)}");
            }

            if (session.GetValue(resource) is { } resourceId)
            {
                query.Add($"resource_id={Uri.EscapeDataString(resourceId)}");
            }

            if (session.GetValue(action) is { } actionName)
            {
                query.Add($"action={Uri.EscapeDataString(actionName)}");
            }

            var api = await session.ConnectAsync(cancellationToken);
            var json = await api.GetAsync($"/api/v1/audit-events?{string.Join('&', query)}", cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            var page = PalisadeClient.As<AuditEventsPage>(json, "audit events");
            var table = Tables.Create("AT", "ACTOR", "ACTION", "RESOURCE", "REVISION", "REQUEST");
            foreach (var audit in page.Events)
            {
                table.Row(audit.At.ToString("u", CultureInfo.InvariantCulture), audit.Actor, audit.Action, audit.ResourceId,
                    audit.Revision.ToString(CultureInfo.InvariantCulture), audit.RequestId);
            }

            session.Console.Write(table);
            if (page.NextCursor is not null)
            {
                session.Status($"(older events exist; raise --limit to see more)");
            }
        });
        return command;
    }
}
