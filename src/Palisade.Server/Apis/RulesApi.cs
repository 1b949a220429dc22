using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Model;
using Palisade.Core.Validation;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Server.Operations;
using Palisade.Store;

namespace Palisade.Server.Apis;

public static class RulesApi
{
    public static IEndpointRouteBuilder MapRulesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/security-groups/{groupId}/rules").WithTags("Rules");
        api.MapPost("/", AddAsync).WithName("AddRules").WithSummary("Add one rule, or a batch as {\"rules\": [...]}, all or nothing")
            .WithDescription("protocol: a name (tcp, udp, icmp, ipv6-icmp, sctp …), a number 0-255, or any/null. 0 (and its names ip, hopopt) means any protocol, "
                + "as Neutron's API reference says, and is stored and shown as any.");
        api.MapGet("/", ListAsync).WithName("ListRules");
        api.MapGet("/{ruleId}", GetAsync).WithName("GetRule");
        api.MapPut("/{ruleId}", UpdateAsync).WithName("UpdateRule")
            .WithSummary("Replace a rule's fields in one write; the rule keeps its id")
            .WithDescription("The body is a whole rule, as for AddRules; absent fields take their defaults. The checks are those of AddRules "
                + "(validation, a visible remote, no duplicate among the group's other rules); If-Match: revision_number=N refuses a concurrent change with 412.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapDelete("/{ruleId}", DeleteAsync).WithName("DeleteRule");
        return app;
    }

    internal static async Task<Created<List<RuleDocument>>> AddAsync(string groupId, JsonElement body, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var requests = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("rules", out _)
            ? body.Deserialize<RuleBatch>(JsonDefaults.Options)?.Rules ?? throw ApiException.Invalid("rules", "must be a list of rules.")
            : [body.Deserialize<RuleCreate>(JsonDefaults.Options) ?? throw ApiException.Invalid("body", "must be a rule object.")];
        if (requests.Count == 0)
        {
            throw ApiException.Invalid("rules", "must contain at least one rule.");
        }

        // A batch of [null] binds as a null rule; mapping it would be a NullReferenceException.
        if (requests.Any(rule => rule is null))
        {
            throw ApiException.Invalid("rules", "must not contain null.");
        }

        var added = await store.WriteAsync(async session =>
        {
            var group = await caller.RequireGroupAsync(session, groupId, cancellationToken, withRules: false);
            return await RuleOperations.AddAsync(session, caller, group, [.. requests.Select(RuleMapping.Draft)], cancellationToken);
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/security-groups/{groupId}/rules/{added[0].Id}", added);
    }

    /// <summary>
    /// Without <c>sort</c>, the page is read in SQL: the group's rule rows after the cursor, in id
    /// order, a batch at a time until the page is full of rules that pass the filters. A sorted list
    /// still reads all the group's rules, as it must to sort them.
    /// </summary>
    internal static async Task<Ok<List<RuleDocument>>> ListAsync(string groupId, string? direction, string? ethertype, string? protocol, int? limit, string? cursor, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        bool Wanted(RuleDocument r) => (direction is null || r.Direction == direction)
            && (ethertype is null || r.Ethertype.Equals(ethertype, StringComparison.OrdinalIgnoreCase))
            && (protocol is null || (r.Protocol ?? "any") == protocol);
        var sorted = context.Request.Query.ContainsKey("sort");
        var (rules, hits) = await store.ReadAsync(
            async s =>
            {
                var group = await caller.RequireGroupAsync(s, groupId, cancellationToken, withRules: sorted);
                var hits = await HostReports.RuleHitsAsync(s, cancellationToken);
                if (sorted)
                {
                    return (group.Rules.ToList(), hits);
                }

                var wanted = Math.Clamp(limit ?? Paging.MaxLimit, 1, Paging.MaxLimit) + 1;
                var page = new List<RuleDocument>();
                for (var after = cursor; page.Count < wanted;)
                {
                    var rows = await s.RulesOfGroupAsync(groupId, after, wanted, cancellationToken);
                    page.AddRange(rows.Select(SecurityGroupRows.ToDocument).Where(Wanted).Take(wanted - page.Count));
                    if (rows.Count < wanted)
                    {
                        break;
                    }

                    after = rows[^1].Id;
                }

                return (page, hits);
            },
            cancellationToken);
        return TypedResults.Ok(rules
            .Where(Wanted)
            .Page(r => r.Id, limit, cursor, context, ("direction", r => r.Direction), ("ethertype", r => r.Ethertype), ("protocol", r => r.Protocol))
            .Select(r => r.WithHits(hits.TryGetValue(r.Id, out var hit) ? hit : null))
            .ToList());
    }

    internal static async Task<Ok<RuleDocument>> GetAsync(string groupId, string ruleId, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var (rule, hits) = await store.ReadAsync(
            async s =>
            {
                await caller.RequireGroupAsync(s, groupId, cancellationToken, withRules: false);
                return (await s.RuleAsync(ruleId, cancellationToken), await HostReports.RuleHitsAsync(s, cancellationToken));
            },
            cancellationToken);
        var document = rule is not null && rule.GroupId == groupId ? SecurityGroupRows.ToDocument(rule) : throw ApiException.NotFound("rule", ruleId);
        return TypedResults.Ok(document.WithHits(hits.TryGetValue(document.Id, out var hit) ? hit : null));
    }

    internal static async Task<Ok<RuleDocument>> UpdateAsync(string groupId, string ruleId, JsonElement body, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var request = body.ValueKind == JsonValueKind.Object
            ? body.Deserialize<RuleCreate>(JsonDefaults.Options) ?? throw ApiException.Invalid("body", "must be a rule object.")
            : throw ApiException.Invalid("body", "must be a rule object.");
        var updated = await store.WriteAsync(async session =>
        {
            var group = await caller.RequireGroupAsync(session, groupId, cancellationToken);
            Preconditions.CheckRevision(context, group.RevisionNumber);
            return await RuleOperations.UpdateAsync(session, caller, group, ruleId, RuleMapping.Draft(request), cancellationToken);
        }, cancellationToken);
        return TypedResults.Ok(updated);
    }

    internal static async Task<NoContent> DeleteAsync(string groupId, string ruleId, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        await store.WriteAsync(async session =>
        {
            var group = await caller.RequireGroupAsync(session, groupId, cancellationToken, withRules: false);
            Preconditions.CheckRevision(context, group.RevisionNumber);
            await RuleOperations.DeleteAsync(session, caller, group, ruleId, cancellationToken);
            return true;
        }, cancellationToken);
        return TypedResults.NoContent();
    }
}
