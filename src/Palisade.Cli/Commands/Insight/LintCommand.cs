using System.CommandLine;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;
using Palisade.Cli.Rendering;
using Spectre.Console;

namespace Palisade.Cli.Commands.Insight;

/// <summary>
/// <c>palisade lint</c>: the current project's findings (docs/lint.md). Exits 0 when the lint ran;
/// with <c>--fail-on SEVERITY</c>, exits 4 (<see cref="ExitCodes.Findings"/>) when a finding is at
/// or above it, so a pipeline can stop on errors.
/// </summary>
internal static class LintCommand
{
    private static readonly string[] Severities = ["info", "warning", "error"];

    public static Command Create(CliHost host)
    {
        var failOn = new Option<string?>("--fail-on") { Description = "Exit 4 when a finding is at or above this severity: error, warning or info" };
        failOn.AcceptOnlyFromAmong(Severities);
        var command = new Command("lint", "Find world-open admin ports, shadowed and duplicate rules, unbound or empty groups and ports without groups in the current project")
        {
            failOn,
        };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var project = await session.RequireProjectAsync(cancellationToken);
            var api = await session.ConnectAsync(cancellationToken);
            var path = $"/api/v1/lint?project_id={Uri.EscapeDataString(project)}";
            var json = await api.GetAsync(path, cancellationToken);
            var report = PalisadeClient.As<LintReport>(json, path);
            if (session.Json)
            {
                session.WriteJson(json);
            }
            else
            {
                var table = Tables.Create("CODE", "SEVERITY", "FINDING", "PORTS", "FIX");
                foreach (var finding in report.Findings)
                {
                    table.Row($"{finding.Code} {finding.Name}", finding.Severity, finding.Message, string.Join(", ", finding.PortIds), finding.Fix);
                }

                if (report.Findings.Count > 0)
                {
                    session.Console.Write(table);
                }

                session.Console.WriteLine($"{report.Errors} error(s), {report.Warnings} warning(s), {report.Infos} info(s) in project {report.ProjectId} at revision {report.Revision}.");
            }

            if (session.GetValue(failOn) is { } threshold)
            {
                var atOrAbove = report.Findings.Count(f => Array.IndexOf(Severities, f.Severity) >= Array.IndexOf(Severities, threshold));
                if (atOrAbove > 0)
                {
                    throw new CliException(ExitCodes.Findings, $"{atOrAbove} finding(s) at or above {threshold}.");
                }
            }
        });
        return command;
    }
}
