using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Model;
using Palisade.Core.Validation;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

public static class RulesApi
{
    public static IEndpointRouteBuilder MapRulesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/security-groups/{groupId}/rules").WithTags("Rules");
        api.MapPost("/", AddAsync).WithName("AddRules").WithSummary("Add one rule, or a batch as {\"rules\": [...]}, all or nothing");
        api.MapGet("/", ListAsync).WithName("ListRules");
        api.MapGet("/{ruleId}", GetAsync).WithName("GetRule");
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

        var added = await store.WriteAsync(async session =>
        {
            var group = await caller.RequireGroupAsync(session, groupId, cancellationToken);
            await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
            await Quotas.EnsureAsync(session, group.ProjectId, q => q.RulesPerGroup, "rules_per_group", group.Rules.Count + requests.Count, cancellationToken);
            var existing = group.Rules.Select(RuleMapping.ToRule).ToList();
            var created = new List<SecurityGroupRule>();
            for (var i = 0; i < requests.Count; i++)
            {
                var rule = Validate(requests[i], groupId, requests.Count > 1 ? $"rules[{i}]." : "");
                await EnsureRemoteGroupVisibleAsync(session, group, rule, cancellationToken);
                if (RuleIdentity.FindDuplicate(existing, rule) is { } duplicate)
                {
                    throw ApiException.Conflict($"Security group rule already exists. Rule id is {duplicate.Id}.");
                }

                if (RuleIdentity.FindDuplicate(created, rule) is not null)
                {
                    throw ApiException.Conflict($"rules[{i}] duplicates another rule of the same request.");
                }

                created.Add(rule);
            }

            var documents = created.Select(r => RuleMapping.ToDocument(r, session.Revision)).ToList();
            var next = group with { Rules = [.. group.Rules, .. documents], RevisionNumber = session.Revision };
            await session.PutAsync(Kinds.Group, groupId, group.ProjectId, next, cancellationToken);
            return documents;
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/security-groups/{groupId}/rules/{added[0].Id}", added);
    }

    internal static async Task<Ok<List<RuleView>>> ListAsync(string groupId, string? direction, string? ethertype, string? protocol, int? limit, string? cursor, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var (group, hits) = await store.ReadAsync(async s => (await caller.RequireGroupAsync(s, groupId, cancellationToken), await HostReports.RuleHitsAsync(s, cancellationToken)), cancellationToken);
        return TypedResults.Ok(group.Rules
            .Where(r => direction is null || r.Direction == direction)
            .Where(r => ethertype is null || r.Ethertype.Equals(ethertype, StringComparison.OrdinalIgnoreCase))
            .Where(r => protocol is null || (r.Protocol ?? "any") == protocol)
            .Page(r => r.Id, limit, cursor, context, ("direction", r => r.Direction), ("ethertype", r => r.Ethertype), ("protocol", r => r.Protocol))
            .Select(r => RuleView.From(r, hits.TryGetValue(r.Id, out var hit) ? hit : null))
            .ToList());
    }

    internal static async Task<Ok<RuleView>> GetAsync(string groupId, string ruleId, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var (group, hits) = await store.ReadAsync(async s => (await caller.RequireGroupAsync(s, groupId, cancellationToken), await HostReports.RuleHitsAsync(s, cancellationToken)), cancellationToken);
        var rule = group.Rules.FirstOrDefault(r => r.Id == ruleId) ?? throw ApiException.NotFound("rule", ruleId);
        return TypedResults.Ok(RuleView.From(rule, hits.TryGetValue(rule.Id, out var hit) ? hit : null));
    }

    internal static async Task<NoContent> DeleteAsync(string groupId, string ruleId, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        await store.WriteAsync(async session =>
        {
            var group = await caller.RequireGroupAsync(session, groupId, cancellationToken);
            await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
            Preconditions.CheckRevision(context, group.RevisionNumber);
            if (group.Rules.All(r => r.Id != ruleId))
            {
                throw ApiException.NotFound("rule", ruleId);
            }

            var next = group with { Rules = [.. group.Rules.Where(r => r.Id != ruleId)], RevisionNumber = session.Revision };
            await session.PutAsync(Kinds.Group, groupId, group.ProjectId, next, cancellationToken);
            return true;
        }, cancellationToken);
        return TypedResults.NoContent();
    }

    private static SecurityGroupRule Validate(RuleCreate request, string groupId, string fieldPrefix)
    {
        var validation = RuleValidator.Validate(RuleMapping.Draft(request), Guid.NewGuid().ToString(), groupId);
        return validation.IsValid
            ? validation.Rule
            : throw ApiException.Invalid(validation.Errors.Select(e => e with { Field = fieldPrefix + e.Field }));
    }

    /// <summary>A remote group must exist and be the rule's own project's or platform-owned; anything else does not exist for the caller.</summary>
    private static async Task EnsureRemoteGroupVisibleAsync(IStoreSession session, GroupDocument group, SecurityGroupRule rule, CancellationToken cancellationToken)
    {
        if (rule.Remote is not Remote.Group remote || remote.GroupId == group.Id)
        {
            return;
        }

        var target = await session.GetAsync<GroupDocument>(Kinds.Group, remote.GroupId, cancellationToken);
        if (target is null || (target.ProjectId is not null && target.ProjectId != group.ProjectId))
        {
            throw new ApiException(404, "Not found", $"remote_group_id: security group {remote.GroupId} does not exist.",
                new Dictionary<string, string[]> { ["remote_group_id"] = [$"security group {remote.GroupId} does not exist."] });
        }
    }
}
