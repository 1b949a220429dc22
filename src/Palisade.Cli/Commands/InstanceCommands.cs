using System.CommandLine;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;
using Palisade.Cli.Rendering;
using Spectre.Console;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade instance bind | unbind | list</c>: instance-scope bindings, which apply to every port
/// of the instance, now and later (<c>/api/v1/bindings</c> with scope instance).
/// </summary>
internal static class InstanceCommands
{
    public static Command Create(CliHost host) => new("instance", "Groups bound to every port of an instance")
    {
        Bind(host),
        Unbind(host),
        List(host),
    };

    private static Command Bind(CliHost host)
    {
        var instance = InstanceArgument();
        var groups = GroupsArgument();
        var phase = new Option<string?>("--phase") { Description = "none (default), staging or running" };
        phase.AcceptOnlyFromAmong("none", "staging", "running");
        var command = new Command("bind", "Bind groups to every port of an instance") { instance, groups, phase };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var api = await session.ConnectAsync(cancellationToken);
            var created = new System.Text.Json.Nodes.JsonArray();
            foreach (var reference in session.GetRequired(groups))
            {
                var groupId = await session.ResolveGroupIdAsync(reference, cancellationToken);
                var body = new { group_id = groupId, scope = "instance", target_id = session.GetRequired(instance), phase = session.GetValue(phase) };
                created.Add(await api.PostAsync("/api/v1/bindings", body, cancellationToken));
            }

            if (session.Json)
            {
                session.WriteJson(created);
                return;
            }

            await WriteBindingsAsync(session, PalisadeClient.As<List<Binding>>(created, "bindings"), cancellationToken);
        });
        return command;
    }

    private static Command Unbind(CliHost host)
    {
        var instance = InstanceArgument();
        var groups = GroupsArgument();
        var command = new Command("unbind", "Remove groups' instance bindings (every phase)") { instance, groups };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var api = await session.ConnectAsync(cancellationToken);
            foreach (var reference in session.GetRequired(groups))
            {
                var groupId = await session.ResolveGroupIdAsync(reference, cancellationToken);
                var bindings = (await api.ListAsync<Binding>($"/api/v1/bindings?group_id={Uri.EscapeDataString(groupId)}", cancellationToken))
                    .Where(b => b.Scope == "instance" && b.TargetId == session.GetRequired(instance))
                    .ToList();
                if (bindings.Count == 0)
                {
                    session.Status($"note: group {reference} is not bound to instance {session.GetRequired(instance)}.");
                }

                foreach (var binding in bindings)
                {
                    await api.DeleteAsync($"/api/v1/bindings/{Uri.EscapeDataString(binding.Id)}", cancellationToken);
                    if (!session.Json)
                    {
                        session.Console.WriteLine($"Deleted binding {binding.Id} (group {reference}, phase {binding.Phase}).");
                    }
                }
            }
        });
        return command;
    }

    private static Command List(CliHost host)
    {
        var instance = InstanceArgument();
        var command = new Command("list", "List the groups bound to an instance") { instance };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var api = await session.ConnectAsync(cancellationToken);
            var json = await api.ListAsync("/api/v1/bindings", cancellationToken);
            var mine = new System.Text.Json.Nodes.JsonArray([.. json.Where(b => (string?)b?["scope"] == "instance" && (string?)b?["target_id"] == session.GetRequired(instance)).Select(b => b!.DeepClone())]);
            if (session.Json)
            {
                session.WriteJson(mine);
                return;
            }

            await WriteBindingsAsync(session, PalisadeClient.As<List<Binding>>(mine, "bindings"), cancellationToken);
        });
        return command;
    }

    private static Argument<string> InstanceArgument() => new("INSTANCE") { Description = "Instance id" };

    private static Argument<string[]> GroupsArgument() => new("GROUP") { Description = "Group ids or names", Arity = ArgumentArity.OneOrMore };

    private static async Task WriteBindingsAsync(CommandSession session, List<Binding> bindings, CancellationToken cancellationToken)
    {
        var names = await GroupNames.ForProjectAsync(session, await session.ProjectIdAsync(cancellationToken), cancellationToken);
        var table = Tables.Create("BINDING", "GROUP", "INSTANCE", "PHASE");
        foreach (var binding in bindings)
        {
            table.Row(binding.Id, names(binding.GroupId), binding.TargetId, binding.Phase);
        }

        session.Console.Write(table);
    }
}
