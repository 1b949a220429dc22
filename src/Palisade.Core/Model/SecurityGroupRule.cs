namespace Palisade.Core.Model;

/// <summary>
/// One allow rule. For ICMP and ICMPv6, <see cref="PortRangeMin"/> is the type and
/// <see cref="PortRangeMax"/> the code, as in Neutron; for port protocols both ends are set or
/// neither is (the whole range).
/// </summary>
public sealed record SecurityGroupRule(
    string Id,
    string GroupId,
    Direction Direction,
    EtherType EtherType,
    Protocol Protocol,
    int? PortRangeMin = null,
    int? PortRangeMax = null,
    Remote? Remote = null,
    string Description = "",
    bool Log = false);
