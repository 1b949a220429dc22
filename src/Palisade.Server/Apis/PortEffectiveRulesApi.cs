using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

/// <summary>
/// <c>GET /api/v1/ports/{id}/effective-rules</c>: a port's groups merged, from the snapshot the host
/// feed serves (<see cref="SnapshotCache"/>) and with Core's <see cref="PolicyIndex"/>, the code
/// that builds the feed and explain's policy, so this view cannot differ from what is enforced.
/// </summary>
internal static class PortEffectiveRulesApi
{
    public static RouteHandlerBuilder MapEffectiveRules(this RouteGroupBuilder ports) =>
        ports.MapGet("/{id}/effective-rules", GetAsync).WithName("GetPortEffectiveRules")
            .WithSummary("Every rule in force at a port, with the group and binding scopes it comes from")
            .WithDescription("The groups bound to the port by itself, its instance, its project (in its phase) and globally, as the host feed merges them; "
                + "rules of disabled groups are not in force and not listed. Platform policies are listed for platform admins only.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    internal static async Task<Ok<PortEffectiveRulesDocument>> GetAsync(string id, Caller caller, IPalisadeStore store, SnapshotCache snapshots, CancellationToken cancellationToken)
    {
        var index = await snapshots.GetCurrentIndexAsync(store, cancellationToken);
        var snapshot = index.Snapshot;
        if (snapshot.Ports.FirstOrDefault(p => p.Id == id) is not { } port || !caller.CanRead(port.ProjectId))
        {
            throw ApiException.NotFound("port", id);
        }

        var policy = index.Build(port);
        var origins = index.GroupOrigins(port).ToDictionary(o => o.GroupId, o => (IReadOnlyList<string>)[.. o.Scopes.Select(ScopeName)], StringComparer.Ordinal);
        var groups = snapshot.Groups.Where(g => origins.ContainsKey(g.Id)).ToDictionary(g => g.Id, StringComparer.Ordinal);
        return TypedResults.Ok(new PortEffectiveRulesDocument(
            port.Id,
            port.ProjectId,
            port.Phase.ToString().ToLowerInvariant(),
            snapshot.Revision,
            port.PortSecurityEnabled,
            policy.Stateful,
            [.. origins.Select(o => groups[o.Key]).Select(g => new EffectiveGroupDocument(
                g.Id, g.Name, g.ProjectId, g.Status == GroupStatus.Enabled ? "enabled" : "disabled", g.Stateful, origins[g.Id]))],
            [.. policy.Rules.Select(r => new EffectiveRuleDocument(RuleMapping.ToDocument(r.Rule, 0), groups[r.Rule.GroupId].Name, origins[r.Rule.GroupId]))],
            caller.IsPlatformAdmin ? [.. policy.PlatformPolicies.Select(Document)] : null));
    }

    private static string ScopeName(BindingScope scope) => scope.ToString().ToLowerInvariant();

    private static PlatformPolicyDocument Document(PlatformPolicy policy) => new(
        policy.Id,
        policy.Name,
        [.. policy.Cidrs.Select(c => c.ToString())],
        policy.Direction?.ToString().ToLowerInvariant(),
        policy.Protocol.IsAny ? null : policy.Protocol.ToString(),
        policy.PortRangeMin,
        policy.PortRangeMax,
        policy.Enabled);
}
