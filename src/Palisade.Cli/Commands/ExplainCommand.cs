using System.CommandLine;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;
using Palisade.Cli.Rendering;
using Spectre.Console;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade explain</c>: whether a flow at a port passes, which step of design.md §2 decided, and the rules that matched.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliHost host)
    {
        var port = new Option<string>("--port") { Description = "Port id", Required = true };
        var direction = new Option<string>("--direction") { Description = "ingress (to the port) or egress (from it)", Required = true };
        direction.AcceptOnlyFromAmong("ingress", "egress");
        var protocol = new Option<string>("--protocol") { Description = "tcp, udp, icmp, … or a number 0-255", Required = true };
        var portNumber = new Option<int?>("--port-number") { Description = "Destination port (the port's own for ingress, the peer's for egress)" };
        var remote = new Option<string>("--remote") { Description = "Peer IP address", Required = true };
        var ethertype = new Option<string?>("--ethertype") { Description = "IPv4 or IPv6 (default: the family of --remote)" };
        ethertype.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "IPv4", "IPv6");
        var icmpType = new Option<int?>("--icmp-type") { Description = "ICMP type" };
        var icmpCode = new Option<int?>("--icmp-code") { Description = "ICMP code" };
        var local = new Option<string?>("--local") { Description = "The port's own address, when it has several" };
        var command = new Command("explain", "Explain why a flow at a port is allowed or dropped")
        {
            port, direction, protocol, portNumber, remote, ethertype, icmpType, icmpCode, local,
        };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var api = await session.ConnectAsync(cancellationToken);
            var body = new
            {
                port_id = session.GetValue(port),
                direction = session.GetValue(direction),
                ethertype = session.GetValue(ethertype),
                protocol = session.GetValue(protocol),
                remote_ip_address = session.GetValue(remote),
                port = session.GetValue(portNumber),
                icmp_type = session.GetValue(icmpType),
                icmp_code = session.GetValue(icmpCode),
                local_ip_address = session.GetValue(local),
            };
            var json = await api.PostAsync("/api/v1/explain", body, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            var answer = PalisadeClient.As<ExplainAnswer>(json, "explain");
            session.Console.Write(Tables.Properties(
                ("Verdict", answer.Verdict.ToUpperInvariant()),
                ("Decided by", $"step {answer.StepNumber}: {answer.Step.Replace('_', ' ')}"),
                ("Platform policy", answer.PlatformPolicy ?? "none")));
            if (answer.MatchedRules.Count > 0)
            {
                session.Console.WriteLine();
                session.Console.WriteLine("Matched rules:");
                session.Console.Write(RuleText.Table(answer.MatchedRules, await GroupNames.ForRulesAsync(session, null, answer.MatchedRules, cancellationToken)));
            }
        });
        return command;
    }
}
