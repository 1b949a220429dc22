using System.CommandLine;
using System.Text.Json;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;
using Spectre.Console;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade import FILE</c>: creates an export's groups in the current project. Groups are matched
/// by name (an existing one is kept and gets the rules it lacks); rules already present are skipped,
/// so running an import twice changes nothing. A group the import creates gets exactly the file's
/// rules: the egress rules the server gives every new group are removed when the file has none.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliHost host)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A file written by palisade export" };
        var command = new Command("import", "Create the groups and rules of an export in the current project") { file };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var document = await ReadAsync(session.GetRequired(file), cancellationToken);
            var project = await session.RequireProjectAsync(cancellationToken);
            var api = await session.ConnectAsync(cancellationToken);
            var existing = await api.ListAsync<SecurityGroup>($"/api/v1/security-groups?project_id={Uri.EscapeDataString(project)}", cancellationToken);

            // First every group, so rules can name any group of the file as their remote, in any order.
            var targets = new Dictionary<string, (SecurityGroup Group, bool Created)>(StringComparer.Ordinal);
            foreach (var group in existing.GroupBy(g => g.Name).Where(g => g.Count() == 1).Select(g => g.Single()))
            {
                targets[group.Name] = (group, false);
            }

            foreach (var group in document.Groups.Where(g => !targets.ContainsKey(g.Name)))
            {
                if (existing.Any(g => g.Name == group.Name))
                {
                    throw CliException.Usage($"several groups of project {project} are named '{group.Name}'; rename them before importing.");
                }

                var created = await api.PostAsync("/api/v1/security-groups",
                    new { project_id = project, name = group.Name, description = group.Description, status = group.Status, stateful = group.Stateful }, cancellationToken);
                targets[group.Name] = (PalisadeClient.As<SecurityGroup>(created, "security group"), true);
            }

            var summary = new ImportSummary();
            foreach (var group in document.Groups)
            {
                var (target, created) = targets[group.Name];
                var result = await ImportRulesAsync(api, target, created, group, targets, cancellationToken);
                summary.Add(created, result.Added, result.Present);
                session.Status($"{group.Name}: {(created ? "created" : "exists")}; rules: {result.Added} added, {result.Present} already present");
            }

            if (session.Json)
            {
                session.WriteJson(summary);
                return;
            }

            session.Console.WriteLine(
                $"Imported {document.Groups.Count} groups into project {project}: {summary.GroupsCreated} created, {summary.GroupsExisting} existing; " +
                $"rules: {summary.RulesAdded} added, {summary.RulesPresent} already present.");
        });
        return command;
    }

    private static async Task<ExportDocument> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        ExportDocument? document;
        try
        {
            await using var stream = file.OpenRead();
            document = await JsonSerializer.DeserializeAsync<ExportDocument>(stream, CliJson.Options, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read {file.FullName}: {e.Message}");
        }
        catch (JsonException e)
        {
            throw CliException.Usage($"{file.FullName} is not a palisade export: {e.Message}");
        }

        if (document is not { Format: ExportDocument.CurrentFormat, Groups: not null })
        {
            throw CliException.Usage($"{file.FullName} is not a palisade export (format {ExportDocument.CurrentFormat}).");
        }

        var duplicate = document.Groups.GroupBy(g => g.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? document : throw CliException.Usage($"{file.FullName} names group '{duplicate.Key}' twice.");
    }

    private static async Task<(int Added, int Present)> ImportRulesAsync(
        PalisadeClient api,
        SecurityGroup target,
        bool created,
        ExportedGroup group,
        Dictionary<string, (SecurityGroup Group, bool Created)> targets,
        CancellationToken cancellationToken)
    {
        var rulesPath = $"/api/v1/security-groups/{Uri.EscapeDataString(target.Id)}/rules";
        var wanted = (group.Rules ?? []).Select((rule, index) => (Index: index, Request: ToRequest(rule, group.Name, index, targets))).ToList();
        var wantedIdentities = wanted.Select(w => Identity(w.Request)).ToHashSet();
        var present = new HashSet<string>();
        foreach (var rule in target.Rules)
        {
            var identity = ExportedRule.Identity(rule.Direction, rule.Ethertype, rule.Protocol, rule.PortRangeMin, rule.PortRangeMax, rule.RemoteIpPrefix, rule.RemoteIpRange, rule.RemoteGroupId, rule.RemoteAddressGroupId);
            if (created && !wantedIdentities.Contains(identity))
            {
                await api.DeleteAsync($"{rulesPath}/{Uri.EscapeDataString(rule.Id)}", cancellationToken);
            }
            else
            {
                present.Add(identity);
            }
        }

        int added = 0, alreadyPresent = 0;
        foreach (var (index, request) in wanted)
        {
            if (!present.Add(Identity(request)))
            {
                alreadyPresent++;
                continue;
            }

            try
            {
                await api.PostAsync(rulesPath, request, cancellationToken);
                added++;
            }
            catch (ServerRefusedException duplicate) when (duplicate.Status == 409)
            {
                alreadyPresent++; // the same rule written differently (tcp and 6, a host address and its /32)
            }
            catch (ServerRefusedException refused)
            {
                throw new ServerRefusedException(refused.Status, refused.Title, $"group '{group.Name}', rules[{index}]: {refused.Detail}", refused.Errors);
            }
        }

        return (added, alreadyPresent);
    }

    private static RuleRequest ToRequest(ExportedRule rule, string groupName, int index, Dictionary<string, (SecurityGroup Group, bool Created)> targets)
    {
        var remoteGroupId = rule.RemoteGroupId;
        if (rule.RemoteGroup is { } name)
        {
            remoteGroupId = targets.TryGetValue(name, out var remote)
                ? remote.Group.Id
                : throw CliException.Usage($"group '{groupName}', rules[{index}]: remote group '{name}' is neither in the file nor in the project.");
        }

        return new RuleRequest(rule.Direction, rule.Ethertype, rule.Protocol, rule.PortRangeMin, rule.PortRangeMax,
            rule.RemoteIpPrefix, rule.RemoteIpRange, remoteGroupId, rule.Description, rule.Log, rule.RemoteAddressGroupId);
    }

    private static string Identity(RuleRequest rule) =>
        ExportedRule.Identity(rule.Direction, rule.Ethertype, rule.Protocol, rule.PortRangeMin, rule.PortRangeMax, rule.RemoteIpPrefix, rule.RemoteIpRange, rule.RemoteGroupId, rule.RemoteAddressGroupId);
}
