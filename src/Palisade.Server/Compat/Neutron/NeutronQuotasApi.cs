using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// <c>/v2.0/quotas</c> as Neutron's quotasv2 and quota_details extensions serve it
/// (neutron/extensions/quotasv2.py, quotasv2_detail.py). Palisade limits <c>security_group</c>
/// (groups per project) and <c>security_group_rule</c> (rules across the project's groups); the other
/// resources an ML2 deployment registers (neutron/quota/resource_registry.py) are accepted and echoed
/// with Neutron's defaults (neutron/conf/quota.py) but not enforced. Any other key is refused as
/// Neutron refuses an attribute it does not know. Values from -1 (unlimited) to 2147483647; only admins
/// list, change or reset them.
/// </summary>
internal static class NeutronQuotasApi
{
    /// <summary>Neutron's defaults (neutron/conf/quota.py: quota_network 100, quota_subnet 100, quota_port 500,
    /// quota_router 10, quota_floatingip 50, quota_rbac_policy 10; default_quota -1 for the rest).</summary>
    private static readonly (string Name, int Default)[] NeutronOnlyResources =
    [
        ("network", 100), ("subnet", 100), ("subnetpool", -1), ("port", 500), ("router", 10), ("floatingip", 50), ("rbac_policy", 10), ("trunk", -1),
    ];

    public static RouteGroupBuilder MapNeutronQuotas(this RouteGroupBuilder neutron)
    {
        neutron.MapGet("/quotas", ListAsync);
        neutron.MapGet("/quotas/{projectId}", GetAsync);
        neutron.MapGet("/quotas/{projectId}/default", (string projectId, Caller caller) =>
        {
            caller.EnsureReadable(projectId, "project", projectId);
            return Results.Json(new JsonObject { ["quota"] = View(QuotaDocument.Defaults(projectId)) });
        });
        neutron.MapGet("/quotas/{projectId}/details", DetailsAsync);
        neutron.MapPut("/quotas/{projectId}", UpdateAsync);
        neutron.MapDelete("/quotas/{projectId}", DeleteAsync);
        return neutron;
    }

    /// <summary>Neutron lists only the projects whose quotas were set (DbQuotaDriver.get_all_quotas).</summary>
    private static async Task<IResult> ListAsync(Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        var quotas = await store.ReadAsync(session => session.ListAsync<QuotaDocument>(Kinds.Quota, null, cancellationToken), cancellationToken);
        var listed = new JsonArray();
        foreach (var quota in quotas)
        {
            var view = View(quota);
            view["project_id"] = quota.ProjectId;
            view["tenant_id"] = quota.ProjectId;
            listed.Add(view);
        }

        return Results.Json(new JsonObject { ["quotas"] = listed });
    }

    private static async Task<IResult> GetAsync(string projectId, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsureReadable(projectId, "project", projectId);
        var quota = await store.ReadAsync(session => Quotas.ReadAsync(session, projectId, cancellationToken), cancellationToken);
        return Results.Json(new JsonObject { ["quota"] = View(quota) });
    }

    /// <summary>Limit, use and reservations per resource; Palisade takes no reservations, so reserved is 0.</summary>
    private static async Task<IResult> DetailsAsync(string projectId, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsureReadable(projectId, "project", projectId);
        var (quota, used) = await store.ReadAsync(async session =>
        {
            var counts = new Dictionary<string, int>
            {
                ["security_group"] = await session.GroupCountAsync(projectId, cancellationToken),
                ["security_group_rule"] = await session.RuleCountOfProjectAsync(projectId, cancellationToken),
                ["network"] = (await session.ListAsync(Kinds.Network, projectId, cancellationToken)).Count,
                ["subnet"] = (await session.ListAsync(Kinds.Subnet, projectId, cancellationToken)).Count,
                ["port"] = (await session.ListAsync(Kinds.Port, projectId, cancellationToken)).Count,
            };
            return (await Quotas.ReadAsync(session, projectId, cancellationToken), counts);
        }, cancellationToken);
        var details = new JsonObject();
        foreach (var (name, limit) in View(quota))
        {
            // Palisade has no routers, floating IPs, RBAC policies, subnet pools or trunks, so none are in use.
            details[name] = new JsonObject { ["limit"] = limit!.DeepClone(), ["used"] = used.GetValueOrDefault(name), ["reserved"] = 0 };
        }

        return Results.Json(new JsonObject { ["quota"] = details });
    }

    private static async Task<IResult> UpdateAsync(string projectId, HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var body = await StrictJson.ParseAsync(request.Body, cancellationToken) as JsonObject;
        if (body?["quota"] is not JsonObject quota || body.Count != 1)
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", "Unable to find 'quota' in request body");
        }

        var unknown = quota.Select(p => p.Key)
            .Where(k => k is not ("security_group" or "security_group_rule" or "force") && !NeutronOnlyResources.Any(r => r.Name == k)).ToList();
        if (unknown.Count > 0)
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", $"Unrecognized attribute(s) '{string.Join(", ", unknown)}'");
        }

        var groups = Limit(quota, "security_group");
        var rules = Limit(quota, "security_group_rule");
        var others = NeutronOnlyResources.Select(r => (r.Name, Value: Limit(quota, r.Name))).Where(r => r.Value is not null).ToList();
        caller.EnsureReadable(projectId, "project", projectId);
        caller.EnsurePlatformAdmin();
        var updated = await store.WriteAsync(async session =>
        {
            // Neutron's quotas exist for any project id; Palisade's belong to projects it knows.
            await session.RequireAsync<ProjectDocument>(Kinds.Project, projectId, "project", cancellationToken);
            var current = await Quotas.ReadAsync(session, projectId, cancellationToken);
            var neutronOnly = new Dictionary<string, int>(current.NeutronOnly ?? new Dictionary<string, int>());
            foreach (var (name, value) in others)
            {
                neutronOnly[name] = value!.Value;
            }

            var next = current with
            {
                SecurityGroups = groups ?? current.SecurityGroups,
                SecurityGroupRules = rules ?? current.SecurityGroupRules,
                RevisionNumber = session.Revision,
                NeutronOnly = neutronOnly.Count > 0 ? neutronOnly : null,
            };
            await session.PutAsync(Kinds.Quota, projectId, projectId, next, cancellationToken);
            return next;
        }, cancellationToken);
        return Results.Json(new JsonObject { ["quota"] = View(updated) });
    }

    /// <summary>Back to the defaults. Neutron answers 404 when the project has no quotas of its own (DbQuotaDriver.delete_tenant_quota).</summary>
    private static async Task<IResult> DeleteAsync(string projectId, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsureReadable(projectId, "project", projectId);
        caller.EnsurePlatformAdmin();
        await store.WriteAsync(async session =>
        {
            // Thrown inside the transaction so that a refused reset leaves the revision where it was.
            return await session.DeleteAsync(Kinds.Quota, projectId, cancellationToken)
                ? true
                : throw new ApiException(404, "Not found", $"Quota for tenant {projectId} could not be found.", code: "TenantQuotaNotFound");
        }, cancellationToken);
        return Results.NoContent();
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

    private static JsonObject View(QuotaDocument quota)
    {
        var view = new JsonObject { ["security_group"] = quota.SecurityGroups, ["security_group_rule"] = quota.SecurityGroupRules };
        foreach (var (name, fallback) in NeutronOnlyResources)
        {
            view[name] = quota.NeutronOnly?.GetValueOrDefault(name, fallback) ?? fallback;
        }

        return view;
    }
}
