using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Feed;
using Palisade.Core.Policy;
using Palisade.Core.Validation;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

/// <summary>
/// The agents' change feed. <c>GET /api/v1/hosts/{host}/policy</c> answers at once; with
/// <c>?since=N&amp;wait=30s</c> it holds the request while the global revision is N, until it
/// passes N (any committed write) or the wait is over, then answers with the host's policy at the
/// current revision. A revision below N (the store was restored or replaced, or the agent was sent
/// a revision from elsewhere) is answered at once: the agent follows the server, and waiting for
/// the store to pass a number it may never reach would leave the agent on a stale policy. An agent
/// compares revisions and content, so a wake-up for another host's change costs it one comparison.
/// The server answers from the revision it holds in memory (<see cref="RevisionSignal"/>) and the
/// index of that revision shared by every answer (<see cref="SnapshotCache"/>), so an answer costs
/// the host's own ports, not the store.
/// </summary>
public static class HostsApi
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapHostsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/hosts", ListAsync)
            .WithTags("Agents")
            .WithName("ListHosts")
            .WithSummary("Every host with ports or an agent report: its agent's applied revision against the current one, last report and last error")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapGet("/api/v1/hosts/{host}/policy", GetPolicyAsync)
            .WithTags("Agents")
            .WithName("GetHostPolicy")
            .WithSummary("Effective policies of a host's ports; long poll with ?since=N&wait=30s");
        app.MapPut("/api/v1/hosts/{host}/status", ReportStatusAsync)
            .WithTags("Agents")
            .WithName("ReportHostStatus")
            .WithSummary("An agent's applied revision, enforced ports and rule counters");
        app.MapGet("/api/v1/hosts/{host}/status", GetStatusAsync)
            .WithTags("Agents")
            .WithName("GetHostStatus");
        return app;
    }

    internal static async Task<Ok<HostPolicy>> GetPolicyAsync(string host, long? since, string? wait, Caller caller, IPalisadeStore store, RevisionSignal signal, SnapshotCache snapshots, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        if (since is < 0)
        {
            throw ApiException.Invalid("since", "must be a revision, 0 or more.");
        }

        var limit = ParseWait(wait);
        if (since is { } known && limit > TimeSpan.Zero)
        {
            // The revision is held in memory (RevisionSignal): a parked poll holds no database connection.
            await signal.WaitAsync(known, limit, cancellationToken);
        }

        var index = await snapshots.GetIndexAsync(store, cancellationToken);
        var policies = EffectivePolicyBuilder.BuildForHost(index, host);
        return TypedResults.Ok(PolicyWire.Compact(new HostPolicy(host, index.Snapshot.Revision, [.. policies.Select(PolicyWire.ToWire)])));
    }

    internal static async Task<Ok<HostStatusDocument>> ReportStatusAsync(string host, HostStatus report, Caller caller, IPalisadeStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        var errors = new List<ValidationError>();
        if (host.Length > 255)
        {
            errors.Add(new("host", "must be at most 255 characters."));
        }

        if (report.AppliedRevision < 0)
        {
            errors.Add(new("applied_revision", "must be 0 or more."));
        }

        if (report.EnforcedPorts is null || report.EnforcedPorts.Any(p => string.IsNullOrEmpty(p)))
        {
            errors.Add(new("enforced_ports", "is required: the ids of the ports in the applied ruleset."));
        }

        if (report.Counters is null || report.Counters.Any(c => string.IsNullOrEmpty(c?.RuleId) || c.Packets < 0 || c.Bytes < 0))
        {
            errors.Add(new("counters", "is required: rule ids with packets and bytes of 0 or more."));
        }

        if (report.DriftRepairs < 0 || report.Error is { Length: > 4096 })
        {
            errors.Add(new(report.DriftRepairs < 0 ? "drift_repairs" : "error", report.DriftRepairs < 0 ? "must be 0 or more." : "must be at most 4096 characters."));
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }

        var document = new HostStatusDocument(host, clock.GetUtcNow(), report.AppliedRevision, report.EnforcedPorts!, report.Counters!, report.DriftRepairs, report.Error);
        await store.ReportAsync(Kinds.HostStatus, host, JsonSerializer.Serialize(document, JsonDefaults.Options), cancellationToken);
        return TypedResults.Ok(document);
    }

    internal static async Task<Ok<List<HostAgentSummary>>> ListAsync(Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        return TypedResults.Ok(await store.ReadAsync(async session =>
        {
            var ports = (await session.ListAsync<PortDocument>(Kinds.Port, null, cancellationToken))
                .Where(p => !string.IsNullOrEmpty(p.Host))
                .GroupBy(p => p.Host!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var reports = (await session.ListAsync<HostStatusDocument>(Kinds.HostStatus, null, cancellationToken)).ToDictionary(r => r.Host, StringComparer.Ordinal);
            return ports.Keys.Union(reports.Keys)
                .Order(StringComparer.Ordinal)
                .Select(host => Summarize(host, ports.GetValueOrDefault(host), reports.GetValueOrDefault(host), session.Revision))
                .ToList();
        }, cancellationToken));
    }

    private static HostAgentSummary Summarize(string host, int ports, HostStatusDocument? report, long currentRevision) =>
        report is null
            ? new(host, ports, currentRevision, null, "not_reported", null, null, 0)
            : new(host, ports, currentRevision, report.AppliedRevision, report.AppliedRevision >= currentRevision ? "in_sync" : "behind",
                report.ReportedAt, report.Error, report.DriftRepairs);

    internal static async Task<Ok<HostStatusDocument>> GetStatusAsync(string host, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        var status = await store.ReadAsync(s => HostReports.ForHostAsync(s, host, cancellationToken), cancellationToken);
        return TypedResults.Ok(status ?? throw new ApiException(404, "Not found", $"host {host} has not reported a status."));
    }

    /// <summary>Accepts <c>30</c>, <c>30s</c>, <c>500ms</c> or <c>2m</c>, up to five minutes.</summary>
    private static TimeSpan ParseWait(string? wait)
    {
        if (string.IsNullOrEmpty(wait))
        {
            return TimeSpan.Zero;
        }

        var (number, unit) = wait.EndsWith("ms", StringComparison.Ordinal) ? (wait[..^2], 0.001)
            : wait.EndsWith('s') ? (wait[..^1], 1.0)
            : wait.EndsWith('m') ? (wait[..^1], 60.0)
            : (wait, 1.0);
        if (!double.TryParse(number, NumberStyles.None | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value * unit > MaxWait.TotalSeconds)
        {
            throw ApiException.Invalid("wait", $"'{wait}' is not a wait such as 30s, 500ms or 2m (at most 5m).");
        }

        return TimeSpan.FromSeconds(value * unit);
    }
}
