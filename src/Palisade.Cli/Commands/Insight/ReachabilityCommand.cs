using System.CommandLine;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;
using Palisade.Cli.Rendering;
using Spectre.Console;

namespace Palisade.Cli.Commands.Insight;

/// <summary><c>palisade reachability --port PORT --direction ingress|egress</c>: who can reach the port, or what it may reach, with the rules responsible.</summary>
internal static class ReachabilityCommand
{
    public static Command Create(CliHost host)
    {
        var port = new Option<string>("--port") { Description = "Port id", Required = true };
        var direction = new Option<string>("--direction")
        {
            Description = "ingress (who can reach the port) or egress (what it may reach)",
            DefaultValueFactory = _ => "ingress",
        };
        direction.AcceptOnlyFromAmong("ingress", "egress");
        var command = new Command("reachability", "Show who can reach a port (or what it may reach): protocols, ports, peers, groups and the rules responsible")
        {
            port, direction,
        };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var api = await session.ConnectAsync(cancellationToken);
            var path = $"/api/v1/reachability?port_id={Uri.EscapeDataString(session.GetValue(port)!)}&direction={session.GetValue(direction)}";
            var json = await api.GetAsync(path, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            var report = PalisadeClient.As<ReachabilityReport>(json, path);
            if (!report.PortSecurityEnabled)
            {
                session.Console.WriteLine($"Port {report.PortId} has port security disabled: every flow passes.");
                return;
            }

            var table = Tables.Create("ETHERTYPE", "PROTOCOL", "PORTS", report.Direction == "ingress" ? "FROM" : "TO", "GROUPS", "RULES");
            foreach (var flows in report.Classes)
            {
                table.Row(
                    flows.Ethertype,
                    flows.ProtocolText,
                    flows.PortsText,
                    string.Join(", ", flows.Peers),
                    string.Join(", ", flows.RemoteGroups.Select(g => g.Name ?? g.Id).Concat(flows.RemoteAddressGroupIds.Select(id => $"address group {id}"))),
                    string.Join(", ", flows.Rules.Select(r => r.Id)));
            }

            session.Console.Write(table);
            if (report.IntraSubnetCidrs.Count > 0)
            {
                session.Console.WriteLine($"Peers in {string.Join(", ", report.IntraSubnetCidrs)} pass without a rule (intra-subnet).");
            }

            session.Console.WriteLine(report.Stateful ? "Replies to these flows pass (stateful)." : "Stateless: replies need their own rules.");
        });
        return command;
    }
}
