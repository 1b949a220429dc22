using System.Text.Json.Serialization;

namespace Palisade.Server.Documents;

/// <summary>
/// A rule as the API shows it; snake_case on the wire, Neutron's field names. The hit counters are
/// not stored: the rules API fills them in from the agents' reports, and they are left out of the
/// JSON while no host has reported them. <see cref="ProtocolNumber"/> keeps a protocol given as a
/// number ("17"), which Neutron echoes as given while Palisade names it (udp).
/// <see cref="RemoteAddressGroupId"/> is shown only on rules whose remote is an address group.
/// <see cref="RemoteIpPrefixAsGiven"/> keeps a prefix given in another form than its network
/// (<c>10.0.0.1/24</c>, or <c>0.0.0.0/0</c>, which is stored as no remote): Neutron shows
/// <c>remote_ip_prefix</c> as given and the network as <c>normalized_cidr</c>
/// (neutron/db/securitygroups_db.py, <c>_get_normalized_cidr_from_rule</c>), so Terraform and Heat
/// see no drift. <see cref="RemoteIpPrefix"/> stays the network, which is what is enforced.
/// </summary>
public sealed record RuleDocument(
    string Id,
    string SecurityGroupId,
    string Direction,
    string Ethertype,
    string? Protocol,
    int? PortRangeMin,
    int? PortRangeMax,
    string? RemoteIpPrefix,
    string? RemoteIpRange,
    string? RemoteGroupId,
    string Description,
    bool Log,
    long RevisionNumber = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? HitPackets = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? HitBytes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProtocolNumber = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RemoteAddressGroupId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RemoteIpPrefixAsGiven = null)
{
    public RuleDocument WithHits((long Packets, long Bytes)? hits) => hits is { } h ? this with { HitPackets = h.Packets, HitBytes = h.Bytes } : this;
}
