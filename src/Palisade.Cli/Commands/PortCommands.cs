using System.CommandLine;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;
using Palisade.Cli.Rendering;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade port list | bind | unbind</c>: the groups bound directly to a port.</summary>
internal static class PortCommands
{
    public static Command Create(CliHost host) => new("port", "Network ports and the groups bound to them")
    {
        List(host),
        Bind(host, bind: true),
        Bind(host, bind: false),
    };

    private static Command List(CliHost host)
    {
        var instance = new Option<string?>("--instance") { Description = "Only the ports of this instance" };
        var command = new Command("list", "List the ports of the current project (every port when there is none)") { instance };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var project = await session.ProjectIdAsync(cancellationToken);
            var api = await session.ConnectAsync(cancellationToken);
            var query = new List<string>();
            if (project is not null)
            {
                query.Add($"project_id={Uri.EscapeDataString(project)}");
            }

            if (session.GetValue(instance) is { } instanceId)
            {
                query.Add($"instance_id={Uri.EscapeDataString(instanceId)}");
            }

            var json = await api.ListAsync(query.Count == 0 ? "/api/v1/ports" : $"/api/v1/ports?{string.Join('&', query)}", cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            var names = await GroupNames.ForProjectAsync(session, project, cancellationToken);
            var table = Tables.Create("ID", "INSTANCE", "HOST", "FIXED IPS", "PHASE", "PORT SECURITY", "GROUPS");
            foreach (var port in PalisadeClient.As<List<Port>>(json, "ports"))
            {
                table.Row(port.Id, port.InstanceId, port.Host, string.Join(", ", port.FixedIps.Select(ip => ip.IpAddress)), port.Phase,
                    port.PortSecurityEnabled ? "on" : "off", string.Join(", ", port.SecurityGroups.Select(names)));
            }

            session.Console.Write(table);
        });
        return command;
    }

    /// <summary>
    /// Bind and unbind read the port's groups, change the list, and put it back guarded by the
    /// revision read (If-Match), so a concurrent change is refused rather than overwritten.
    /// </summary>
    private static Command Bind(CliHost host, bool bind)
    {
        var port = new Argument<string>("PORT") { Description = "Port id" };
        var groups = new Argument<string[]>("GROUP") { Description = "Group ids or names", Arity = ArgumentArity.OneOrMore };
        var dryRun = Insight.DryRun.CreateOption();
        var command = bind
            ? new Command("bind", "Bind groups to a port (adds to the groups already bound)") { port, groups, dryRun }
            : new Command("unbind", "Unbind groups from a port") { port, groups, dryRun };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var api = await session.ConnectAsync(cancellationToken);
            var path = $"/api/v1/ports/{Uri.EscapeDataString(session.GetRequired(port))}";
            var current = await api.GetAsync<Port>(path, cancellationToken);
            var next = current.SecurityGroups.ToList();
            foreach (var reference in session.GetRequired(groups))
            {
                var id = await session.ResolveGroupIdAsync(reference, cancellationToken);
                var bound = next.Contains(id);
                if (bind && !bound)
                {
                    next.Add(id);
                }
                else if (!bind && bound)
                {
                    next.Remove(id);
                }
                else
                {
                    session.Status($"note: group {reference} is {(bind ? "already" : "not")} bound to port {current.Id}.");
                }
            }

            if (session.GetValue(dryRun))
            {
                await Insight.DryRun.ShowAsync(session, new { replace_port_groups = new[] { new { port_id = current.Id, security_groups = next } } }, cancellationToken);
                return;
            }

            var json = next.SequenceEqual(current.SecurityGroups)
                ? await api.GetAsync(path, cancellationToken) // nothing to change: no write, no new revision
                : await api.PutAsync($"{path}/security-groups", new { security_groups = next }, current.RevisionNumber, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            var updated = PalisadeClient.As<Port>(json, "port");
            var names = await GroupNames.ForProjectAsync(session, updated.ProjectId, cancellationToken);
            session.Console.Write(Tables.Properties(
                ("Port", updated.Id),
                ("Groups", updated.SecurityGroups.Count == 0 ? "(none: everything but replies is dropped)" : string.Join(", ", updated.SecurityGroups.Select(names)))));
        });
        return command;
    }
}
