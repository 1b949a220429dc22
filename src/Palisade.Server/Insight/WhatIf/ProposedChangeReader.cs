using System.Collections.Immutable;
using Palisade.Core.Analysis;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Core.Validation;
using Palisade.Server.Apis;
using Palisade.Server.Auth;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Insight.WhatIf;

/// <summary>
/// Turns a what-if request into Core's <see cref="ProposedChange"/>, judged as the real requests
/// would be: rules by Core's validator (400 naming <c>add_rules[i].field</c>), a duplicate of an
/// existing rule 409 as when adding it, unknown or unreadable groups, rules and ports 404, and a
/// group of another project on a port 400 as the port API refuses it.
/// </summary>
internal sealed class ProposedChangeReader(PolicySnapshot snapshot, Caller caller)
{
    private readonly Dictionary<string, SecurityGroup> groups = snapshot.Groups.ToDictionary(g => g.Id, StringComparer.Ordinal);
    private readonly Dictionary<string, Port> ports = snapshot.Ports.ToDictionary(p => p.Id, StringComparer.Ordinal);

    public ProposedChange Read(WhatIfRequest request)
    {
        if ((request.AddRules?.Count ?? 0) + (request.RemoveRuleIds?.Count ?? 0) + (request.Bind?.Count ?? 0) + (request.Unbind?.Count ?? 0) + (request.ReplacePortGroups?.Count ?? 0) == 0)
        {
            throw ApiException.Invalid("add_rules", "the change is empty: give add_rules, remove_rule_ids, bind, unbind or replace_port_groups.");
        }

        // A rule removed in the same change is no duplicate: an edit is previewed as remove + add (dashboard rules.js).
        var removing = (request.RemoveRuleIds ?? []).ToHashSet(StringComparer.Ordinal);
        var added = (request.AddRules ?? []).Select((rule, index) => AddedRule(rule, index, removing)).ToImmutableArray();
        var removed = (request.RemoveRuleIds ?? []).Select(RemovedRule).ToImmutableArray();
        var bind = (request.Bind ?? []).Select((b, i) => PortBinding(b, $"bind[{i}]")).ToImmutableArray();
        var unbind = (request.Unbind ?? []).Select((b, i) => PortBinding(b, $"unbind[{i}]")).ToImmutableArray();
        var replaced = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var (entry, i) in (request.ReplacePortGroups ?? []).Select((e, i) => (e, i)))
        {
            var port = RequirePort(entry.PortId, $"replace_port_groups[{i}].port_id");
            var list = entry.SecurityGroups ?? throw ApiException.Invalid($"replace_port_groups[{i}].security_groups", "is required: a list of group ids, [] for none.");
            if (list.Distinct(StringComparer.Ordinal).Count() != list.Count)
            {
                throw ApiException.Invalid($"replace_port_groups[{i}].security_groups", "lists a group twice.");
            }

            if (!port.PortSecurityEnabled && list.Count > 0)
            {
                throw ApiException.Invalid($"replace_port_groups[{i}].security_groups", "a port without port security cannot have security groups.");
            }

            replaced[port.Id] = [.. list.Select(g => RequireGroupFor(port, g, $"replace_port_groups[{i}].security_groups").Id)];
        }

        return new ProposedChange(added, removed, bind, unbind, replaced.ToImmutable());
    }

    private SecurityGroupRule AddedRule(ProposedRule proposed, int index, HashSet<string> removing)
    {
        var field = $"add_rules[{index}].";
        if (string.IsNullOrEmpty(proposed.SecurityGroupId))
        {
            throw ApiException.Invalid(field + "security_group_id", "is required: the group the rule would join.");
        }

        var group = RequireGroup(proposed.SecurityGroupId);
        var validation = RuleValidator.Validate(RuleMapping.Draft(proposed.ToRuleCreate()), $"proposed-{index}", group.Id);
        if (!validation.IsValid)
        {
            throw ApiException.Invalid(validation.Errors.Select(e => e with { Field = field + e.Field }));
        }

        var rule = validation.Rule;
        if (rule.Remote is Remote.Group remote && remote.GroupId != group.Id
            && (!groups.TryGetValue(remote.GroupId, out var target) || (target.ProjectId is not null && target.ProjectId != group.ProjectId)))
        {
            throw ApiException.NotFound("security group", remote.GroupId);
        }

        if (rule.Remote is Remote.AddressGroup addressGroup
            && !snapshot.AddressGroups.Any(a => a.Id == addressGroup.AddressGroupId && (group.ProjectId is null || a.ProjectId == group.ProjectId)))
        {
            throw ApiException.NotFound("address group", addressGroup.AddressGroupId);
        }

        if (RuleIdentity.FindDuplicate(group.Rules.Where(r => !removing.Contains(r.Id)), rule) is { } duplicate)
        {
            throw new ApiException(409, "Conflict", $"Security group rule already exists. Rule id is {duplicate.Id}.", code: "SecurityGroupRuleExists");
        }

        return rule;
    }

    private string RemovedRule(string ruleId) =>
        snapshot.Groups.Where(g => caller.CanRead(g.ProjectId)).SelectMany(g => g.Rules).Any(r => r.Id == ruleId)
            ? ruleId
            : throw ApiException.NotFound("rule", ruleId);

    private Binding PortBinding(PortBinding binding, string field)
    {
        var port = RequirePort(binding.PortId, field + ".port_id");
        if (string.IsNullOrEmpty(binding.SecurityGroupId))
        {
            throw ApiException.Invalid(field + ".security_group_id", "is required.");
        }

        return new Binding(RequireGroupFor(port, binding.SecurityGroupId, field + ".security_group_id").Id, BindingScope.Port, port.Id);
    }

    private Port RequirePort(string? portId, string field)
    {
        if (string.IsNullOrEmpty(portId))
        {
            throw ApiException.Invalid(field, "is required.");
        }

        return ports.TryGetValue(portId, out var port) && caller.CanRead(port.ProjectId) ? port : throw ApiException.NotFound("port", portId);
    }

    private SecurityGroup RequireGroup(string groupId) =>
        groups.TryGetValue(groupId, out var group) && caller.CanRead(group.ProjectId) ? group : throw ApiException.NotFound("security group", groupId);

    private SecurityGroup RequireGroupFor(Port port, string groupId, string field)
    {
        var group = RequireGroup(groupId);
        return group.ProjectId is null || group.ProjectId == port.ProjectId
            ? group
            : throw ApiException.Invalid(field, $"group {groupId} belongs to another project than port {port.Id}.");
    }
}
