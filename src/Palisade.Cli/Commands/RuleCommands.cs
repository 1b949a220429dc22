using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Cli.Commands.Insight;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;
using Palisade.Cli.Rendering;
using Spectre.Console;
using Rule = Palisade.Cli.Models.Rule;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade rule add | list | delete</c>: the allow rules of a group.</summary>
internal static class RuleCommands
{
    public static Command Create(CliHost host) => new("rule", "Rules of a security group")
    {
        Add(host),
        List(host),
        Delete(host),
    };

    private static Command Add(CliHost host)
    {
        var group = GroupCommands.GroupArgument();
        var direction = new Option<string>("--direction") { Description = "ingress or egress", Required = true };
        direction.AcceptOnlyFromAmong("ingress", "egress");
        var ethertype = new Option<string?>("--ethertype") { Description = "IPv4 or IPv6 (default: the family of --remote-ip, else IPv4)" };
        ethertype.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "IPv4", "IPv6");
        var protocol = new Option<string?>("--protocol") { Description = "tcp, udp, icmp, ipv6-icmp, sctp, a number 0-255, or any (default)" };
        var port = new Option<PortRange?>("--port") { Description = "Destination port (22) or range (1000-2000), for tcp, udp and sctp", CustomParser = PortRange.Parse };
        var icmpType = new Option<int?>("--icmp-type") { Description = "ICMP type (with --protocol icmp)" };
        var icmpCode = new Option<int?>("--icmp-code") { Description = "ICMP code (needs --icmp-type)" };
        var remoteIp = new Option<string?>("--remote-ip") { Description = "Peer CIDR (10.0.0.0/8), address, or range (10.0.0.5-10.0.0.9); default any" };
        var remoteGroup = new Option<string?>("--remote-group") { Description = "Peers are the ports bound to this group (id or name)" };
        var description = new Option<string?>("--description") { Description = "Why the rule exists" };
        var log = new Option<bool>("--log") { Description = "Log packets the rule allows" };
        var dryRun = DryRun.CreateOption();
        var command = new Command("add", "Add an allow rule to a group")
        {
            group, direction, ethertype, protocol, port, icmpType, icmpCode, remoteIp, remoteGroup, description, log, dryRun,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(remoteIp) is not null && result.GetResult(remoteGroup) is not null)
            {
                result.AddError("--remote-ip and --remote-group are exclusive: a rule has one remote.");
            }

            if (result.GetResult(port) is not null && (result.GetResult(icmpType) is not null || result.GetResult(icmpCode) is not null))
            {
                result.AddError("--port is for tcp, udp and sctp; --icmp-type and --icmp-code are for icmp: give one or the other.");
            }
        });
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var groupId = await session.ResolveGroupIdAsync(session.GetRequired(group), cancellationToken);
            var remote = session.GetValue(remoteIp);
            var isRange = remote is not null && remote.Contains('-', StringComparison.Ordinal);
            var range = session.GetValue(port);
            var request = new RuleRequest(
                session.GetValue(direction)!,
                session.GetValue(ethertype) ?? (remote?.Contains(':', StringComparison.Ordinal) == true ? "IPv6" : null),
                session.GetValue(protocol),
                range?.Min ?? session.GetValue(icmpType),
                range?.Max ?? session.GetValue(icmpCode),
                isRange ? null : remote,
                isRange ? remote : null,
                session.GetValue(remoteGroup) is { } remoteReference ? await session.ResolveGroupIdAsync(remoteReference, cancellationToken) : null,
                session.GetValue(description),
                session.GetValue(log) ? true : null);
            if (session.GetValue(dryRun))
            {
                var proposed = JsonSerializer.SerializeToNode(request, CliJson.Options)!.AsObject();
                proposed["security_group_id"] = groupId;
                await DryRun.ShowAsync(session, new { add_rules = new JsonArray(proposed) }, cancellationToken);
                return;
            }

            var api = await session.ConnectAsync(cancellationToken);
            var json = await api.PostAsync($"/api/v1/security-groups/{Uri.EscapeDataString(groupId)}/rules", request, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            var rules = PalisadeClient.As<List<Rule>>(json, "rules");
            session.Console.Write(RuleText.Table(rules, await GroupNames.ForRulesAsync(session, null, rules, cancellationToken)));
        });
        return command;
    }

    private static Command List(CliHost host)
    {
        var group = GroupCommands.GroupArgument();
        var command = new Command("list", "List a group's rules") { group };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var (owner, _) = await session.ResolveGroupAsync(session.GetRequired(group), cancellationToken);
            var api = await session.ConnectAsync(cancellationToken);
            var json = await api.ListAsync($"/api/v1/security-groups/{Uri.EscapeDataString(owner.Id)}/rules", cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            var rules = PalisadeClient.As<List<Rule>>(json, "rules");
            session.Console.Write(RuleText.Table(rules, await GroupNames.ForRulesAsync(session, owner, rules, cancellationToken)));
        });
        return command;
    }

    private static Command Delete(CliHost host)
    {
        var group = GroupCommands.GroupArgument();
        var rule = new Argument<string>("RULE") { Description = "Rule id" };
        var dryRun = DryRun.CreateOption();
        var command = new Command("delete", "Delete a rule from a group") { group, rule, dryRun };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var groupId = await session.ResolveGroupIdAsync(session.GetRequired(group), cancellationToken);
            if (session.GetValue(dryRun))
            {
                await DryRun.ShowAsync(session, new { remove_rule_ids = new[] { session.GetRequired(rule) } }, cancellationToken);
                return;
            }

            var api = await session.ConnectAsync(cancellationToken);
            await api.DeleteAsync($"/api/v1/security-groups/{Uri.EscapeDataString(groupId)}/rules/{Uri.EscapeDataString(session.GetRequired(rule))}", cancellationToken);
            if (!session.Json)
            {
                session.Console.WriteLine($"Deleted rule {session.GetRequired(rule)} from security group {groupId}.");
            }
        });
        return command;
    }
}
