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

/// <summary><c>palisade rule add | update | list | delete</c>: the allow rules of a group.</summary>
internal static class RuleCommands
{
    public static Command Create(CliHost host) => new("rule", "Rules of a security group")
    {
        Add(host),
        Update(host),
        List(host),
        Delete(host),
    };

    private static Command Add(CliHost host)
    {
        var group = GroupCommands.GroupArgument();
        var options = new RuleOptions();
        var dryRun = DryRun.CreateOption();
        var command = new Command("add", "Add an allow rule to a group") { group };
        options.AddTo(command);
        command.Options.Add(dryRun);
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var groupId = await session.ResolveGroupIdAsync(session.GetRequired(group), cancellationToken);
            var request = await options.RequestAsync(session, cancellationToken);
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

    /// <summary>
    /// <c>rule update GROUP RULE</c>: the rule's fields replaced by those given, in one write
    /// (PUT /api/v1/security-groups/{group}/rules/{rule}); the rule keeps its id. As with add, what
    /// is not given takes its default, so the command states the whole rule.
    /// </summary>
    private static Command Update(CliHost host)
    {
        var group = GroupCommands.GroupArgument();
        var rule = new Argument<string>("RULE") { Description = "Rule id" };
        var options = new RuleOptions();
        var dryRun = DryRun.CreateOption();
        var command = new Command("update", "Replace an allow rule of a group (it keeps its id)") { group, rule };
        options.AddTo(command);
        command.Options.Add(dryRun);
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var groupId = await session.ResolveGroupIdAsync(session.GetRequired(group), cancellationToken);
            var ruleId = session.GetRequired(rule);
            var request = await options.RequestAsync(session, cancellationToken);
            if (session.GetValue(dryRun))
            {
                var proposed = JsonSerializer.SerializeToNode(request, CliJson.Options)!.AsObject();
                proposed["security_group_id"] = groupId;
                await DryRun.ShowAsync(session, new { remove_rule_ids = new[] { ruleId }, add_rules = new JsonArray(proposed) }, cancellationToken);
                return;
            }

            var api = await session.ConnectAsync(cancellationToken);
            var json = await api.PutAsync($"/api/v1/security-groups/{Uri.EscapeDataString(groupId)}/rules/{Uri.EscapeDataString(ruleId)}", request, null, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(json);
                return;
            }

            List<Rule> rules = [PalisadeClient.As<Rule>(json, "rule")];
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
