using System.CommandLine;
using System.Text.Json;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade export [--file F]</c>: the current project's groups and rules as a portable JSON document.</summary>
internal static class ExportCommand
{
    public static Command Create(CliHost host)
    {
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Write here instead of stdout" };
        var command = new Command("export", "Export the current project's groups with their rules as JSON (for palisade import)") { file };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var project = await session.RequireProjectAsync(cancellationToken);
            var api = await session.ConnectAsync(cancellationToken);
            var source = await api.GetAsync<Project>($"/api/v1/projects/{Uri.EscapeDataString(project)}", cancellationToken);
            var groups = await api.ListAsync<SecurityGroup>($"/api/v1/security-groups?project_id={Uri.EscapeDataString(project)}", cancellationToken);
            var names = groups.ToDictionary(g => g.Id, g => g.Name);
            var document = new ExportDocument(
                ExportDocument.CurrentFormat,
                source.Name,
                [.. groups.OrderBy(g => g.Name, StringComparer.Ordinal).Select(g => new ExportedGroup(
                    g.Name, g.Description, g.Status, g.Stateful, [.. g.Rules.Select(r => Export(r, names))]))]);

            if (session.GetValue(file) is { } target)
            {
                try
                {
                    await using var stream = target.Create();
                    await JsonSerializer.SerializeAsync(stream, document, CliJson.Indented, cancellationToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw CliException.Usage($"--file: cannot write {target.FullName}: {e.Message}");
                }

                session.Status($"Exported {document.Groups.Count} groups ({document.Groups.Sum(g => g.Rules?.Count ?? 0)} rules) of project {source.Name} to {target.FullName}.");
                return;
            }

            session.WriteJson(document);
        });
        return command;
    }

    private static ExportedRule Export(Rule rule, Dictionary<string, string> groupNames)
    {
        var sameProject = rule.RemoteGroupId is { } id && groupNames.ContainsKey(id);
        return new ExportedRule(
            rule.Direction,
            rule.Ethertype,
            rule.Protocol,
            rule.PortRangeMin,
            rule.PortRangeMax,
            rule.RemoteIpPrefix,
            rule.RemoteIpRange,
            sameProject ? groupNames[rule.RemoteGroupId!] : null,
            sameProject ? null : rule.RemoteGroupId,
            string.IsNullOrEmpty(rule.Description) ? null : rule.Description,
            rule.Log ? true : null,
            rule.RemoteAddressGroupId);
    }
}
