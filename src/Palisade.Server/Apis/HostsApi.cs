using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Policy;
using Palisade.Server.Auth;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

/// <summary>
/// The agents' change feed. <c>GET /api/v1/hosts/{host}/policy</c> answers at once; with
/// <c>?since=N&amp;wait=30s</c> it holds the request until the global revision passes N (any
/// committed write) or the wait is over, then answers with the host's policy at the current
/// revision. An agent compares revisions and content, so a wake-up for another host's change costs
/// it one comparison.
/// </summary>
public static class HostsApi
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapHostsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/hosts/{host}/policy", GetPolicyAsync)
            .WithTags("Agents")
            .WithName("GetHostPolicy")
            .WithSummary("Effective policies of a host's ports; long poll with ?since=N&wait=30s");
        return app;
    }

    internal static async Task<Ok<HostPolicyResponse>> GetPolicyAsync(string host, long? since, string? wait, Caller caller, IPalisadeStore store, RevisionSignal signal, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        if (since is < 0)
        {
            throw ApiException.Invalid("since", "must be a revision, 0 or more.");
        }

        var limit = ParseWait(wait);
        if (since is { } known && limit > TimeSpan.Zero)
        {
            await signal.WaitAsync(async () => await store.RevisionAsync(cancellationToken) > known, limit, cancellationToken);
        }

        var snapshot = await store.ReadAsync(session => SnapshotReader.ReadAsync(session, cancellationToken), cancellationToken);
        var policies = EffectivePolicyBuilder.BuildForHost(snapshot, host);
        return TypedResults.Ok(new HostPolicyResponse(host, snapshot.Revision, [.. policies.Select(ToDocument)]));
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

    private static PortPolicyDocument ToDocument(EffectivePolicy policy) => new(
        policy.Port.Id,
        policy.Port.DeviceName,
        policy.Port.MacAddress,
        policy.Port.PortSecurityEnabled,
        policy.Stateful,
        policy.GroupIds,
        [.. policy.SourceAddresses.Select(a => a.ToString())],
        [.. policy.IntraSubnetCidrs.Select(c => c.ToString())],
        [.. policy.Rules.Select(r => RuleMapping.ToDocument(r.Rule, 0))],
        policy.RemoteGroups.OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Value.Select(m => m.ToString())]));
}
