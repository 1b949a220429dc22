using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// <c>/v2.0/quotas/{project_id}</c> with Neutron's keys for these resources: <c>security_group</c>
/// (Palisade's groups per project) and <c>security_group_rule</c> (rules across the project's
/// groups). Values from -1 (unlimited) to 2147483647; only admins change them.
/// </summary>
internal static class NeutronQuotasApi
{
    public static RouteGroupBuilder MapNeutronQuotas(this RouteGroupBuilder neutron)
    {
        neutron.MapGet("/quotas/{projectId}", GetAsync);
        neutron.MapGet("/quotas/{projectId}/default", (string projectId, Caller caller) =>
        {
            caller.EnsureReadable(projectId, "project", projectId);
            return Results.Json(new JsonObject { ["quota"] = View(QuotaDocument.Defaults(projectId)) });
        });
        neutron.MapPut("/quotas/{projectId}", UpdateAsync);
        return neutron;
    }

    private static async Task<IResult> GetAsync(string projectId, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsureReadable(projectId, "project", projectId);
        var quota = await store.ReadAsync(session => Quotas.ReadAsync(session, projectId, cancellationToken), cancellationToken);
        return Results.Json(new JsonObject { ["quota"] = View(quota) });
    }

    private static async Task<IResult> UpdateAsync(string projectId, HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var body = await StrictJson.ParseAsync(request.Body, cancellationToken) as JsonObject;
        if (body?["quota"] is not JsonObject quota || body.Count != 1)
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", "Unable to find 'quota' in request body");
        }

        var unknown = quota.Select(p => p.Key).Where(k => k is not ("security_group" or "security_group_rule" or "force")).ToList();
        if (unknown.Count > 0)
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", $"Unrecognized attribute(s) '{string.Join(", ", unknown)}'");
        }

        var groups = Limit(quota, "security_group");
        var rules = Limit(quota, "security_group_rule");
        caller.EnsureReadable(projectId, "project", projectId);
        caller.EnsurePlatformAdmin();
        var updated = await store.WriteAsync(async session =>
        {
            // Neutron's quotas exist for any project id; Palisade's belong to projects it knows.
            await session.RequireAsync<ProjectDocument>(Kinds.Project, projectId, "project", cancellationToken);
            var current = await Quotas.ReadAsync(session, projectId, cancellationToken);
            var next = current with { SecurityGroups = groups ?? current.SecurityGroups, SecurityGroupRules = rules ?? current.SecurityGroupRules, RevisionNumber = session.Revision };
            await session.PutAsync(Kinds.Quota, projectId, projectId, next, cancellationToken);
            return next;
        }, cancellationToken);
        return Results.Json(new JsonObject { ["quota"] = View(updated) });
    }

    private static int? Limit(JsonObject quota, string name)
    {
        if (quota[name] is not { } node)
        {
            return null;
        }

        long value = node.GetValueKind() switch
        {
            JsonValueKind.Number when node.AsValue().TryGetValue<long>(out var n) => n,
            JsonValueKind.String when long.TryParse(node.GetValue<string>(), out var n) => n,
            _ => long.MinValue,
        };
        return value is >= -1 and <= int.MaxValue
            ? (int)value
            : throw NeutronErrors.BadRequest("HTTPBadRequest", $"Invalid input for {name}. Reason: '{node.ToJsonString().Trim('"')}' is not a valid quota value, use -1 or an integer up to 2147483647.");
    }

    private static JsonObject View(QuotaDocument quota) => new() { ["security_group"] = quota.SecurityGroups, ["security_group_rule"] = quota.SecurityGroupRules };
}
