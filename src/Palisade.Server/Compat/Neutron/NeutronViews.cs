using System.Globalization;
using System.Text.Json.Nodes;
using Palisade.Server.Documents;
using Palisade.Store;

namespace Palisade.Server.Compat.Neutron;

/// <summary>Palisade's documents as Neutron shows them: project_id and tenant_id both, timestamps, revision numbers.</summary>
internal static class NeutronViews
{
    public static JsonObject Group(GroupDocument group, SecurityGroupRow stored, string? defaultGroupId, IReadOnlyList<string>? tags) => new()
    {
        ["id"] = group.Id,
        ["name"] = group.Name,
        ["description"] = group.Description,
        ["project_id"] = group.ProjectId,
        ["tenant_id"] = group.ProjectId,
        ["stateful"] = group.Stateful,
        ["shared"] = false,
        ["security_group_rules"] = new JsonArray([.. group.Rules.Select(r => Rule(r, group, stored, defaultGroupId))]),
        ["tags"] = new JsonArray([.. (tags ?? []).Select(t => (JsonNode)t)]),
        ["created_at"] = Timestamp(stored.CreatedAt),
        ["updated_at"] = Timestamp(stored.UpdatedAt),
        ["revision_number"] = group.RevisionNumber,
    };

    public static JsonObject Rule(RuleDocument rule, GroupDocument group, SecurityGroupRow stored, string? defaultGroupId) => new()
    {
        ["id"] = rule.Id,
        ["security_group_id"] = group.Id,
        ["direction"] = rule.Direction,
        ["ethertype"] = rule.Ethertype,
        ["protocol"] = rule.ProtocolNumber ?? rule.Protocol,
        ["port_range_min"] = rule.PortRangeMin,
        ["port_range_max"] = rule.PortRangeMax,
        ["remote_ip_prefix"] = rule.RemoteIpPrefixAsGiven ?? rule.RemoteIpPrefix,
        ["normalized_cidr"] = rule.RemoteIpPrefixAsGiven is { } given ? Apis.RuleMapping.NetworkOf(given) : rule.RemoteIpPrefix,
        ["remote_group_id"] = rule.RemoteGroupId,
        // An address range (Cloud Foundry's) is shown as an address group of its exact cover, never as no remote (any address).
        ["remote_address_group_id"] = rule.RemoteAddressGroupId ?? NeutronRangeAddressGroups.IdOf(rule),
        ["description"] = rule.Description,
        ["project_id"] = group.ProjectId,
        ["tenant_id"] = group.ProjectId,
        ["belongs_to_default_sg"] = group.Id == defaultGroupId,
        ["created_at"] = Timestamp(stored.CreatedAt),
        ["updated_at"] = Timestamp(stored.UpdatedAt),
        ["revision_number"] = rule.RevisionNumber,
    };

    public static JsonObject Port(PortDocument port, StoredResource stored, IReadOnlyList<string>? tags) => new()
    {
        ["id"] = port.Id,
        ["name"] = "",
        ["description"] = "",
        ["network_id"] = port.NetworkId,
        ["project_id"] = port.ProjectId,
        ["tenant_id"] = port.ProjectId,
        ["mac_address"] = port.MacAddress,
        ["admin_state_up"] = true,
        ["status"] = "ACTIVE",
        ["device_id"] = port.InstanceId ?? "",
        ["device_owner"] = port.InstanceId is null ? "" : "compute:nova",
        ["binding:host_id"] = port.Host ?? "",
        ["fixed_ips"] = new JsonArray([.. port.FixedIps.Select(f => new JsonObject { ["subnet_id"] = f.SubnetId, ["ip_address"] = f.IpAddress })]),
        ["allowed_address_pairs"] = new JsonArray([.. port.AllowedAddressPairs.Select(p => new JsonObject { ["ip_address"] = p.IpAddressAsGiven ?? p.IpAddress, ["mac_address"] = p.MacAddress ?? port.MacAddress })]),
        ["security_groups"] = new JsonArray([.. port.SecurityGroups.Select(g => (JsonNode)g)]),
        ["port_security_enabled"] = port.PortSecurityEnabled,
        ["tags"] = new JsonArray([.. (tags ?? []).Select(t => (JsonNode)t)]),
        ["created_at"] = Timestamp(stored.CreatedAt),
        ["updated_at"] = Timestamp(stored.UpdatedAt),
        ["revision_number"] = port.RevisionNumber,
    };

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
