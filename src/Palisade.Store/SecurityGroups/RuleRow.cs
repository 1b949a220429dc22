namespace Palisade.Store;

/// <summary>
/// One rule of a security group (table <c>security_group_rules</c>), its own row with a foreign key
/// to its group, so adding or removing one rule writes that row only. The fields are the stored
/// rule as the server's API shows it: <see cref="Protocol"/> is the canonical name or number (null
/// for any), <see cref="RemoteIpPrefix"/> the network that is enforced, and
/// <see cref="ProtocolNumber"/> and <see cref="RemoteIpPrefixAsGiven"/> what a Neutron client sent
/// where it differs, since Neutron echoes it. A rule made from a Cloud Foundry ASG rule carries
/// <see cref="CfRuleIndex"/>, the position of that CF rule in its group's list, and the first rule
/// made from each CF rule carries in <see cref="CfRulesAsGiven"/> the CF rule as sent (a JSON array of
/// <c>[index, rule]</c> pairs: a CF rule whose Palisade rules all duplicate earlier ones is kept on the
/// row it duplicates), since CAPI returns its rules verbatim. <see cref="Revision"/>, <see cref="CreatedAt"/> and
/// <see cref="UpdatedAt"/> are stamped by the store.
/// </summary>
public sealed record RuleRow(
    string Id,
    string GroupId,
    string Direction,
    string Ethertype,
    string? Protocol,
    int? PortRangeMin,
    int? PortRangeMax,
    string? RemoteIpPrefix,
    string? RemoteIpRange,
    string? RemoteGroupId,
    string? RemoteAddressGroupId,
    string Description,
    bool Log,
    string? ProtocolNumber = null,
    string? RemoteIpPrefixAsGiven = null,
    long Revision = 0,
    DateTimeOffset CreatedAt = default,
    DateTimeOffset UpdatedAt = default,
    int? CfRuleIndex = null,
    string? CfRulesAsGiven = null);
