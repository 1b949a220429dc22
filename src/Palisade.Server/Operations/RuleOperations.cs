using Palisade.Core.Model;
using Palisade.Core.Validation;
using Palisade.Server.Apis;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Operations;

/// <summary>Adding, replacing and removing rules, whichever dialect asks: Core validates, duplicates are 409 naming the existing rule.</summary>
internal static class RuleOperations
{
    /// <summary>Adds every draft or none. Field names in errors carry <c>rules[i].</c> when there are several.</summary>
    public static async Task<List<RuleDocument>> AddAsync(IStoreSession session, Caller caller, GroupDocument group, IReadOnlyList<RuleDraft> drafts, CancellationToken cancellationToken)
    {
        await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
        await Quotas.EnsureAsync(session, group.ProjectId, q => q.RulesPerGroup, "rules_per_group", group.Rules.Count + drafts.Count, cancellationToken);
        await Quotas.EnsureProjectRulesAsync(session, group.ProjectId, drafts.Count, cancellationToken);

        var existing = group.Rules.Select(RuleMapping.ToRule).ToList();
        var created = new List<SecurityGroupRule>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var rule = Validate(drafts[i], group.Id, drafts.Count > 1 ? $"rules[{i}]." : "");
            await EnsureRemoteGroupVisibleAsync(session, caller, group, rule, cancellationToken);
            await AddressGroupOperations.EnsureRemoteVisibleAsync(session, group.ProjectId, rule, cancellationToken);
            if (RuleIdentity.FindDuplicate(existing, rule) is { } duplicate)
            {
                throw new ApiException(409, "Conflict", $"Security group rule already exists. Rule id is {duplicate.Id}.", code: "SecurityGroupRuleExists");
            }

            if (RuleIdentity.FindDuplicate(created, rule) is not null)
            {
                throw new ApiException(409, "Conflict", $"rules[{i}] duplicates another rule of the same request.", code: "DuplicateSecurityGroupRuleInPost");
            }

            created.Add(rule);
        }

        var documents = created.Select((r, i) => RuleMapping.ToDocument(r, session.Revision) with
        {
            // Neutron echoes a number as given; 0 is stored as any protocol and shown so (RuleValidator).
            ProtocolNumber = !r.Protocol.IsAny && int.TryParse(drafts[i].Protocol, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _) ? drafts[i].Protocol : null,
        }).ToList();

        // Neutron shows a prefix as given (10.0.0.1/24, 0.0.0.0/0); the document keeps that text beside the network it enforces.
        documents = [.. documents.Select((d, i) => d with { RemoteIpPrefixAsGiven = RuleMapping.PrefixAsGiven(drafts[i].RemoteIpPrefix, d.RemoteIpPrefix) })];
        var next = group with { Rules = [.. group.Rules, .. documents], RevisionNumber = session.Revision };
        await session.PutAsync(Kinds.Group, group.Id, group.ProjectId, next, cancellationToken);
        return documents;
    }

    public static async Task DeleteAsync(IStoreSession session, Caller caller, GroupDocument group, string ruleId, CancellationToken cancellationToken)
    {
        await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
        if (group.Rules.All(r => r.Id != ruleId))
        {
            throw ApiException.NotFound("rule", ruleId);
        }

        var next = group with { Rules = [.. group.Rules.Where(r => r.Id != ruleId)], RevisionNumber = session.Revision };
        await session.PutAsync(Kinds.Group, group.Id, group.ProjectId, next, cancellationToken);
    }

    /// <summary>
    /// Replaces every field of rule <paramref name="ruleId"/> with <paramref name="draft"/> in one
    /// write, with the checks of <see cref="AddAsync"/>: Core's validation, a visible remote, and no
    /// duplicate among the group's other rules. The rule keeps its id: it lives inside its group's
    /// document, and what refers to it by id (audit events, hit counters, <c>remove_rule_ids</c> of
    /// what-if) means this rule of this group, so the same id after an edit is the same rule changed.
    /// The quotas are not consulted: an edit leaves the number of rules as it was, and a quota lowered
    /// below what a project holds keeps what exists (<see cref="QuotasApi"/>).
    /// </summary>
    public static async Task<RuleDocument> UpdateAsync(IStoreSession session, Caller caller, GroupDocument group, string ruleId, RuleDraft draft, CancellationToken cancellationToken)
    {
        await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
        if (group.Rules.All(r => r.Id != ruleId))
        {
            throw ApiException.NotFound("rule", ruleId);
        }

        var validation = RuleValidator.Validate(draft, ruleId, group.Id);
        var rule = validation.IsValid ? validation.Rule : throw ApiException.Invalid(validation.Errors);
        await EnsureRemoteGroupVisibleAsync(session, caller, group, rule, cancellationToken);
        await AddressGroupOperations.EnsureRemoteVisibleAsync(session, group.ProjectId, rule, cancellationToken);
        var others = group.Rules.Where(r => r.Id != ruleId).Select(RuleMapping.ToRule).ToList();
        if (RuleIdentity.FindDuplicate(others, rule) is { } duplicate)
        {
            throw new ApiException(409, "Conflict", $"Security group rule already exists. Rule id is {duplicate.Id}.", code: "SecurityGroupRuleExists");
        }

        var document = RuleMapping.ToDocument(rule, session.Revision) with
        {
            // As AddAsync: a protocol number is echoed as given, a prefix kept as given beside its network.
            ProtocolNumber = !rule.Protocol.IsAny && int.TryParse(draft.Protocol, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _) ? draft.Protocol : null,
        };
        document = document with { RemoteIpPrefixAsGiven = RuleMapping.PrefixAsGiven(draft.RemoteIpPrefix, document.RemoteIpPrefix) };
        var next = group with { Rules = [.. group.Rules.Select(r => r.Id == ruleId ? document : r)], RevisionNumber = session.Revision };
        await session.PutAsync(Kinds.Group, group.Id, group.ProjectId, next, cancellationToken);
        return document;
    }

    private static SecurityGroupRule Validate(RuleDraft draft, string groupId, string fieldPrefix)
    {
        var validation = RuleValidator.Validate(draft, Guid.NewGuid().ToString(), groupId);
        return validation.IsValid
            ? validation.Rule
            : throw ApiException.Invalid(validation.Errors.Select(e => e with { Field = fieldPrefix + e.Field }));
    }

    /// <summary>A remote group must exist and be one the rule's project may name (<see cref="GroupVisibility.MayNameAsync"/>); anything else does not exist for the caller.</summary>
    private static async Task EnsureRemoteGroupVisibleAsync(IStoreSession session, Caller caller, GroupDocument group, SecurityGroupRule rule, CancellationToken cancellationToken)
    {
        if (rule.Remote is not Remote.Group remote || remote.GroupId == group.Id)
        {
            return;
        }

        var target = await session.GetAsync<GroupDocument>(Kinds.Group, remote.GroupId, cancellationToken);
        if (target is null || !await GroupVisibility.MayNameAsync(session, caller, group.ProjectId, target, cancellationToken))
        {
            throw new ApiException(404, "Not found", $"remote_group_id: security group {remote.GroupId} does not exist.",
                new Dictionary<string, string[]> { ["remote_group_id"] = [$"security group {remote.GroupId} does not exist."] }, "SecurityGroupNotFound");
        }
    }
}
