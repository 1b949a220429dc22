using Palisade.Core.Model;

namespace Palisade.Core.Validation;

/// <summary>
/// What makes two rules the same rule, so a duplicate can be refused (Neutron's <c>_rule_to_key</c>,
/// research/neutron.md §1.7): description and log are ignored, <c>tcp</c> equals <c>6</c> (the
/// protocol is kept as a number), <c>0.0.0.0/0</c> equals no remote (the validator drops /0), the
/// full port range equals no ports, and a prefix compares by its network, so <c>10.0.0.34/24</c>
/// equals <c>10.0.0.0/24</c>: both match exactly the same packets.
/// </summary>
public readonly record struct RuleIdentity(
    Direction Direction,
    EtherType EtherType,
    Protocol Protocol,
    int? PortRangeMin,
    int? PortRangeMax,
    string? Remote)
{
    public static RuleIdentity Of(SecurityGroupRule rule)
    {
        var (min, max) = rule.PortRangeMin == 1 && rule.PortRangeMax == 65535 && !rule.Protocol.IsIcmp
            ? (null, null)
            : (rule.PortRangeMin, rule.PortRangeMax);
        return new(rule.Direction, rule.EtherType, rule.Protocol, min, max, RemoteKey(rule.Remote));
    }

    /// <summary>The first rule in <paramref name="existing"/> that is the same rule as <paramref name="candidate"/>, or null.</summary>
    public static SecurityGroupRule? FindDuplicate(IEnumerable<SecurityGroupRule> existing, SecurityGroupRule candidate)
    {
        var key = Of(candidate);
        return existing.FirstOrDefault(rule => rule.Id != candidate.Id && Of(rule) == key);
    }

    private static string? RemoteKey(Remote? remote) => remote switch
    {
        null => null,
        Remote.Prefix { Network.PrefixLength: 0 } => null,
        Remote.Prefix prefix => "prefix:" + prefix.Network,
        Remote.Range range => "range:" + range.First + "-" + range.Last,
        Remote.Group group => "group:" + group.GroupId,
        Remote.AddressGroup addressGroup => "address-group:" + addressGroup.AddressGroupId,
        _ => throw new ArgumentOutOfRangeException(nameof(remote), remote, "unknown remote"),
    };
}
