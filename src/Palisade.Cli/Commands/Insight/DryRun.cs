using System.CommandLine;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;
using Palisade.Cli.Rendering;
using Spectre.Console;

namespace Palisade.Cli.Commands.Insight;

/// <summary>
/// <c>--dry-run</c> on the commands that change rules and bindings: the change goes to
/// <c>POST /api/v1/what-if</c> instead, which writes nothing, and the flows whose verdict would
/// change are shown per port.
/// </summary>
internal static class DryRun
{
    public static Option<bool> CreateOption() => new("--dry-run")
    {
        Description = "Change nothing; show which flows at which ports would be allowed or dropped (POST /api/v1/what-if)",
    };

    public static async Task ShowAsync(CommandSession session, object change, CancellationToken cancellationToken)
    {
        var api = await session.ConnectAsync(cancellationToken);
        var json = await api.PostAsync("/api/v1/what-if", change, cancellationToken);
        if (session.Json)
        {
            session.WriteJson(json);
            return;
        }

        var report = PalisadeClient.As<WhatIfReport>(json, "/api/v1/what-if");
        var table = Tables.Create("PORT", "VERDICT", "DIRECTION", "ETHERTYPE", "PROTOCOL", "PORTS", "PEERS", "RULES");
        foreach (var port in report.Ports)
        {
            foreach (var changed in port.Changes)
            {
                var flows = changed.Flows;
                table.Row(port.PortId, $"{changed.VerdictBefore} -> {changed.VerdictAfter}", flows.Direction, flows.Ethertype, flows.ProtocolText, flows.PortsText,
                    string.Join(", ", flows.Peers), string.Join(", ", flows.Rules.Select(r => r.Id)));
            }
        }

        if (report.Ports.Any(p => p.Changes.Count > 0))
        {
            session.Console.Write(table);
        }
        else
        {
            session.Console.WriteLine("No new flow would change verdict at any port.");
        }

        foreach (var port in report.Ports.Where(p => p.StatefulBefore != p.StatefulAfter))
        {
            session.Console.WriteLine($"Port {port.PortId} would become {(port.StatefulAfter ? "stateful" : "stateless")}: replies {(port.StatefulAfter ? "would pass without rules" : "would need their own rules")}.");
        }

        session.Console.WriteLine($"Dry run at revision {report.Revision}: nothing was changed.");
    }
}
