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
    /// <summary>
    /// Adds every draft or none. Field names in errors carry <c>rules[i].</c> when there are several.
    /// Reads and writes only the new rules' rows: the quota is a COUNT and the duplicate check a probe
    /// of the rules' identity index, so the cost does not grow with the group's other rules;
    /// <paramref name="group"/> need not carry its rules.
    /// </summary>
    public static async Task<List<RuleDocument>> AddAsync(IStoreSession session, Caller caller, GroupDocument group, IReadOnlyList<RuleDraft> drafts, CancellationToken cancellationToken)
    {
        await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
        await Quotas.EnsureRulesPerGroupAsync(session, group, drafts.Count, cancellationToken);
        await Quotas.EnsureProjectRulesAsync(session, group.ProjectId, drafts.Count, cancellationToken);

        var created = new List<SecurityGroupRule>();
        var documents = new List<RuleDocument>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var rule = Validate(drafts[i], group.Id, drafts.Count > 1 ? $"rules[{i}]." : "");
            await EnsureRemoteGroupVisibleAsync(session, caller, group, rule, cancellationToken);
            await AddressGroupOperations.EnsureRemoteVisibleAsync(session, group.ProjectId, rule, cancellationToken);
            var document = RuleMapping.ToDocument(rule, session.Revision) with
            {
                // Neutron echoes a number as given; 0 is stored as any protocol and shown so (RuleValidator).
                ProtocolNumber = !rule.Protocol.IsAny && int.TryParse(drafts[i].Protocol, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _) ? drafts[i].Protocol : null,
            };

            // Neutron shows a prefix as given (10.0.0.1/24, 0.0.0.0/0); the row keeps that text beside the network it enforces.
            document = document with { RemoteIpPrefixAsGiven = RuleMapping.PrefixAsGiven(drafts[i].RemoteIpPrefix, document.RemoteIpPrefix) };
            if (await session.SameRuleAsync(SecurityGroupRows.ToRow(document, group.Id), cancellationToken) is { } duplicate)
            {
                throw Exists(duplicate.Id);
            }

            if (RuleIdentity.FindDuplicate(created, rule) is not null)
            {
                throw new ApiException(409, "Conflict", $"rules[{i}] duplicates another rule of the same request.", code: "DuplicateSecurityGroupRuleInPost");
            }

            created.Add(rule);
            documents.Add(document);
        }

        var stored = new List<RuleDocument>();
        foreach (var document in documents)
        {
            try
            {
                stored.Add(SecurityGroupRows.ToDocument(await session.InsertRuleAsync(SecurityGroupRows.ToRow(document, group.Id), cancellationToken)));
            }
            catch (DuplicateRowException)
            {
                // The database's unique index refused what the probe above did not find: still the client's conflict.
                throw Exists(null);
            }
        }

        return stored;
    }

    /// <summary>
    /// Replaces every rule of <paramref name="group"/> with <paramref name="drafts"/> in one write (a
    /// dialect whose group carries its whole rule list, Cloud Foundry's ASGs): Core validates each
    /// (a refusal names <c>rules[i].</c>field), identical rules are kept once rather than refused, as
    /// CAPI takes a list with repeats, and a draft's <see cref="RuleAsGiven"/> (the dialect's rule as
    /// sent, which it shows verbatim) goes onto the row of that dialect rule's first Palisade rule, or
    /// onto the row it duplicates. The rules-per-group quota counts the rules kept.
    /// </summary>
    public static async Task<List<RuleRow>> ReplaceAllAsync(IStoreSession session, Caller caller, GroupDocument group, IReadOnlyList<(RuleDraft Draft, RuleAsGiven? AsGiven)> drafts, CancellationToken cancellationToken)
    {
        await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
        var rules = new List<SecurityGroupRule>();
        var rows = new List<RuleRow>();
        var anchors = new List<List<RuleAsGiven>>();
        var anchored = new HashSet<int>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var (draft, asGiven) = drafts[i];
            var rule = Validate(draft, group.Id, $"rules[{asGiven?.Index ?? i}].");
            await EnsureRemoteGroupVisibleAsync(session, caller, group, rule, cancellationToken);
            await AddressGroupOperations.EnsureRemoteVisibleAsync(session, group.ProjectId, rule, cancellationToken);
            var at = RuleIdentity.FindDuplicate(rules, rule) is { } duplicate ? rules.IndexOf(duplicate) : -1;
            if (at < 0)
            {
                rules.Add(rule);
                var document = RuleMapping.ToDocument(rule, session.Revision);
                rows.Add(SecurityGroupRows.ToRow(document with { RemoteIpPrefixAsGiven = RuleMapping.PrefixAsGiven(draft.RemoteIpPrefix, document.RemoteIpPrefix) }, group.Id) with { CfRuleIndex = asGiven?.Index });
                anchors.Add([]);
                at = rows.Count - 1;
            }

            if (asGiven is not null && anchored.Add(asGiven.Index))
            {
                anchors[at].Add(asGiven);
            }
        }

        // The old rules go first, so the quotas count only the rules kept (a refusal rolls the deletes back with the write).
        foreach (var old in await session.RulesOfGroupsAsync([group.Id], cancellationToken))
        {
            await session.DeleteRuleAsync(old.Id, cancellationToken);
        }

        await Quotas.EnsureRulesPerGroupAsync(session, group, rows.Count, cancellationToken);
        await Quotas.EnsureProjectRulesAsync(session, group.ProjectId, rows.Count, cancellationToken);

        var stored = new List<RuleRow>();
        for (var i = 0; i < rows.Count; i++)
        {
            stored.Add(await session.InsertRuleAsync(rows[i] with { CfRulesAsGiven = anchors[i].Count == 0 ? null : RuleAsGiven.ToText(anchors[i]) }, cancellationToken));
        }

        return stored;
    }

    /// <summary>Deletes one rule of <paramref name="group"/> (which need not carry its rules): 404 when the group has no such rule.</summary>
    public static async Task DeleteAsync(IStoreSession session, Caller caller, GroupDocument group, string ruleId, CancellationToken cancellationToken)
    {
        await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
        if (await session.RuleAsync(ruleId, cancellationToken) is not { } rule || rule.GroupId != group.Id)
        {
            throw ApiException.NotFound("rule", ruleId);
        }

        await session.DeleteRuleAsync(ruleId, cancellationToken);
    }

    private static ApiException Exists(string? id) =>
        new(409, "Conflict", id is null ? "Security group rule already exists." : $"Security group rule already exists. Rule id is {id}.", code: "SecurityGroupRuleExists");

    /// <summary>
    /// Replaces every field of rule <paramref name="ruleId"/> with <paramref name="draft"/> in one
    /// write, with the checks of <see cref="AddAsync"/>: Core's validation, a visible remote, and no
    /// duplicate among the group's other rules (the identity index, probed after the old row is gone).
    /// The rule keeps its id: what refers to it by id (audit events, hit counters, <c>remove_rule_ids</c>
    /// of what-if) means this rule of this group, so the same id after an edit is the same rule changed.
    /// Its row is replaced, so it lists after the group's other rules, and the audit log shows the
    /// replacement as the old row's delete and the new row's create of the same revision.
    /// The quotas are not consulted: an edit leaves the number of rules as it was, and a quota lowered
    /// below what a project holds keeps what exists (<see cref="QuotasApi"/>).
    /// </summary>
    public static async Task<RuleDocument> UpdateAsync(IStoreSession session, Caller caller, GroupDocument group, string ruleId, RuleDraft draft, CancellationToken cancellationToken)
    {
        await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
        if (await session.RuleAsync(ruleId, cancellationToken) is not { } existing || existing.GroupId != group.Id)
        {
            throw ApiException.NotFound("rule", ruleId);
        }

        var validation = RuleValidator.Validate(draft, ruleId, group.Id);
        var rule = validation.IsValid ? validation.Rule : throw ApiException.Invalid(validation.Errors);
        await EnsureRemoteGroupVisibleAsync(session, caller, group, rule, cancellationToken);
        await AddressGroupOperations.EnsureRemoteVisibleAsync(session, group.ProjectId, rule, cancellationToken);
        var document = RuleMapping.ToDocument(rule, session.Revision) with
        {
            // As AddAsync: a protocol number is echoed as given, a prefix kept as given beside its network.
            ProtocolNumber = !rule.Protocol.IsAny && int.TryParse(draft.Protocol, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _) ? draft.Protocol : null,
        };
        document = document with { RemoteIpPrefixAsGiven = RuleMapping.PrefixAsGiven(draft.RemoteIpPrefix, document.RemoteIpPrefix) };
        await session.DeleteRuleAsync(ruleId, cancellationToken);
        if (await session.SameRuleAsync(SecurityGroupRows.ToRow(document, group.Id), cancellationToken) is { } duplicate)
        {
            throw Exists(duplicate.Id);
        }

        try
        {
            return SecurityGroupRows.ToDocument(await session.InsertRuleAsync(SecurityGroupRows.ToRow(document, group.Id), cancellationToken));
        }
        catch (DuplicateRowException)
        {
            throw Exists(null);
        }
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

        var target = await session.GroupWithoutRulesAsync(remote.GroupId, cancellationToken);
        if (target is null || !await GroupVisibility.MayNameAsync(session, caller, group.ProjectId, target, cancellationToken))
        {
            throw new ApiException(404, "Not found", $"remote_group_id: security group {remote.GroupId} does not exist.",
                new Dictionary<string, string[]> { ["remote_group_id"] = [$"security group {remote.GroupId} does not exist."] }, "SecurityGroupNotFound");
        }
    }
}
