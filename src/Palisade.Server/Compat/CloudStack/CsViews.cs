using System.Text.Json.Nodes;
using Palisade.Server.Documents;

namespace Palisade.Server.Compat.CloudStack;

/// <summary>Palisade's groups as CloudStack's SecurityGroupResponse and SecurityGroupRuleResponse show them.</summary>
internal static class CsViews
{
    public static JsonObject Group(GroupDocument group, ProjectDocument? project, IReadOnlyCollection<string> hidden, IReadOnlyList<string> virtualMachines, IReadOnlyDictionary<string, string> groupNames, IReadOnlyDictionary<string, IReadOnlyList<string>> addressGroups) => new()
    {
        ["id"] = group.Id,
        ["name"] = group.Name,
        ["description"] = group.Description,
        ["account"] = project?.Name ?? "system",
        ["projectid"] = group.ProjectId,
        ["project"] = project?.Name,
        ["domainid"] = "ROOT",
        ["domain"] = "ROOT",
        ["ingressrule"] = new JsonArray([.. group.Rules.Where(r => r.Direction == "ingress").Select(r => (JsonNode)Rule(r, project, groupNames, addressGroups))]),
        ["egressrule"] = new JsonArray([.. group.Rules.Where(r => r.Direction == "egress" && !hidden.Contains(r.Id)).Select(r => (JsonNode)Rule(r, project, groupNames, addressGroups))]),
        ["tags"] = new JsonArray(),
        ["virtualmachinecount"] = virtualMachines.Count,
        ["virtualmachineids"] = new JsonArray([.. virtualMachines.Select(v => (JsonNode)v)]),
    };

    /// <param name="addressGroups">The CIDRs of the address groups the rules name. CloudStack has no such remote, so a rule
    /// naming one shows the group's CIDRs of its ethertype as one comma-separated cidr: what it admits, not the whole address space.</param>
    public static JsonObject Rule(RuleDocument rule, ProjectDocument? project, IReadOnlyDictionary<string, string> groupNames, IReadOnlyDictionary<string, IReadOnlyList<string>> addressGroups)
    {
        var view = new JsonObject { ["ruleid"] = rule.Id, ["protocol"] = rule.Protocol is null or "any" ? "all" : rule.Protocol };
        if (rule.Protocol is "icmp" or "ipv6-icmp")
        {
            view["icmptype"] = rule.PortRangeMin ?? -1;
            view["icmpcode"] = rule.PortRangeMax ?? -1;
        }
        else if (rule.Protocol is not null)
        {
            view["startport"] = rule.PortRangeMin ?? 0;
            view["endport"] = rule.PortRangeMax ?? 65535;
        }

        if (rule.RemoteGroupId is { } remote)
        {
            view["securitygroupname"] = groupNames.GetValueOrDefault(remote, remote);
            view["account"] = project?.Name ?? "system";
        }
        else if (rule.RemoteAddressGroupId is { } addressGroup)
        {
            var v6 = rule.Ethertype == "IPv6";
            view["cidr"] = string.Join(',', addressGroups.GetValueOrDefault(addressGroup, []).Where(cidr => cidr.Contains(':', StringComparison.Ordinal) == v6));
        }
        else if (rule.RemoteIpRange is { } range)
        {
            // CloudStack's rules hold CIDRs only: an address range (Cloud Foundry's) is its exact cover, a cidr list.
            view["cidr"] = string.Join(',', Core.Model.RangeCover.OfText(range) ?? []);
        }
        else
        {
            view["cidr"] = rule.RemoteIpPrefix ?? (rule.Ethertype == "IPv6" ? "::/0" : "0.0.0.0/0");
        }

        view["tags"] = new JsonArray();
        return view;
    }
}
