using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Core.Validation;

namespace Palisade.Core.Feed;

/// <summary>
/// Between <see cref="EffectivePolicy"/> and its wire form. <see cref="ToEffectivePolicy"/> parses
/// strictly and re-validates every rule with Core's validator, so an agent never enforces a policy
/// it would not have accepted through the API.
/// </summary>
public static class PolicyWire
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Empty = new Dictionary<string, IReadOnlyList<string>>();

    public static PortPolicy ToWire(EffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var port = policy.Port;
        return new PortPolicy(
            port.Id,
            port.ProjectId,
            port.NetworkId,
            port.DeviceName,
            port.MacAddress,
            port.PortSecurityEnabled,
            [.. port.FixedIps.Select(f => new FixedIpEntry(f.SubnetId, f.Address.ToString()))],
            [.. port.AllowedAddressPairs.Select(p => new AddressPairEntry(p.IpAddress.ToString(), p.MacAddress))],
            policy.Stateful,
            policy.GroupIds,
            [.. policy.SourceAddresses.Select(a => a.ToString())],
            [.. policy.IntraSubnetCidrs.Select(c => c.ToString())],
            [.. policy.Rules.Select(ToWire)],
            Texts(policy.RemoteGroups),
            [.. policy.PlatformPolicies.Select(ToWire)],
            policy.AddressGroups.IsEmpty ? null : Texts(policy.AddressGroups),
            port.LogDrops);
    }

    /// <summary>
    /// The host's policy with each remote group's members, each address group's CIDRs and each
    /// group's rules once, at the host, instead of in every port. Rules stay in the ports if two
    /// ports disagree on a group's rules (they never do when built from one snapshot).
    /// </summary>
    public static HostPolicy Compact(HostPolicy host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var groups = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (id, members) in host.Ports.SelectMany(p => p.RemoteGroups))
        {
            groups.TryAdd(id, members);
        }

        var addressGroups = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (id, cidrs) in host.Ports.SelectMany(p => p.AddressGroups ?? Empty))
        {
            addressGroups.TryAdd(id, cidrs);
        }

        var rules = new SortedDictionary<string, IReadOnlyList<RuleEntry>>(StringComparer.Ordinal);
        var consistent = true;
        foreach (var port in host.Ports)
        {
            foreach (var group in port.Rules.GroupBy(r => r.SecurityGroupId))
            {
                var list = group.ToList();
                consistent &= !rules.TryGetValue(group.Key, out var known) ? rules.TryAdd(group.Key, list) : known.SequenceEqual(list);
            }

            consistent &= port.Rules.Select(r => r.SecurityGroupId).Distinct().SequenceEqual(port.SecurityGroups.Where(rules.ContainsKey));
        }

        return host with
        {
            Ports = [.. host.Ports.Select(p => p with
            {
                RemoteGroups = p.RemoteGroups.ToDictionary(g => g.Key, _ => (IReadOnlyList<string>)[], StringComparer.Ordinal),
                AddressGroups = p.AddressGroups?.ToDictionary(g => g.Key, _ => (IReadOnlyList<string>)[], StringComparer.Ordinal),
                Rules = consistent ? [] : p.Rules,
            })],
            RemoteGroups = groups,
            GroupRules = consistent ? rules : null,
            AddressGroups = addressGroups.Count > 0 ? addressGroups : null,
        };
    }

    /// <summary>
    /// Each port's remote groups and address groups filled in from the host's lists (the same list
    /// objects, so a reader can tell an unchanged group by reference). A feed without host-level
    /// lists is returned as it is.
    /// </summary>
    /// <exception cref="FormatException">A port names a remote group or address group the host does not carry.</exception>
    public static HostPolicy Expand(HostPolicy host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.RemoteGroups is null && host.GroupRules is null && host.AddressGroups is null)
        {
            return host;
        }

        var groups = host.RemoteGroups;
        var rules = host.GroupRules;
        var addressGroups = host.AddressGroups;
        return host with
        {
            Ports = [.. host.Ports.Select(p => p with
            {
                RemoteGroups = groups is null ? p.RemoteGroups : p.RemoteGroups.Keys.ToDictionary(
                    id => id,
                    id => groups.TryGetValue(id, out var members) ? members : throw new FormatException($"port {p.PortId} names remote group {id}, which the host policy does not carry"),
                    StringComparer.Ordinal),
                Rules = rules is null ? p.Rules : [.. p.SecurityGroups.Where(rules.ContainsKey).SelectMany(id => rules[id])],
                AddressGroups = addressGroups is null || p.AddressGroups is null ? p.AddressGroups : p.AddressGroups.Keys.ToDictionary(
                    id => id,
                    id => addressGroups.TryGetValue(id, out var cidrs) ? cidrs : throw new FormatException($"port {p.PortId} names address group {id}, which the host policy does not carry"),
                    StringComparer.Ordinal),
            })],
            RemoteGroups = null,
            GroupRules = null,
            AddressGroups = null,
        };
    }

    /// <exception cref="FormatException">An address, CIDR, rule or policy in the document is not valid.</exception>
    public static EffectivePolicy ToEffectivePolicy(PortPolicy wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var port = new Port(
            wire.PortId,
            wire.ProjectId,
            wire.NetworkId,
            [.. wire.FixedIps.Select(f => new FixedIp(f.SubnetId, Address(f.IpAddress)))],
            wire.MacAddress,
            PortSecurityEnabled: wire.PortSecurityEnabled,
            AllowedAddressPairs: [.. wire.AllowedAddressPairs.Select(p => new AllowedAddressPair(Cidr(p.IpAddress), p.MacAddress))],
            InterfaceName: wire.Device,
            LogDrops: wire.LogDrops);
        return new EffectivePolicy(
            port,
            [.. wire.SecurityGroups],
            [.. wire.Rules.Select(ToRule)],
            Networks(wire.RemoteGroups),
            [.. wire.PlatformPolicies.Select(ToPlatformPolicy)],
            [.. wire.IntraSubnetCidrs.Select(Cidr)],
            [.. wire.SourceAddresses.Select(Cidr)],
            wire.Stateful)
        {
            AddressGroups = Networks(wire.AddressGroups ?? Empty),
        };
    }

    private static RuleEntry ToWire(EffectiveRule effective)
    {
        var rule = effective.Rule;
        return new RuleEntry(
            rule.Id,
            rule.GroupId,
            effective.Stateful,
            rule.Direction == Direction.Ingress ? "ingress" : "egress",
            rule.EtherType.ToString(),
            rule.Protocol.IsAny ? null : rule.Protocol.ToString(),
            rule.PortRangeMin,
            rule.PortRangeMax,
            (rule.Remote as Remote.Prefix)?.Network.ToString(),
            rule.Remote is Remote.Range range ? $"{range.First}-{range.Last}" : null,
            (rule.Remote as Remote.Group)?.GroupId,
            rule.Log,
            (rule.Remote as Remote.AddressGroup)?.AddressGroupId);
    }

    private static PlatformPolicyEntry ToWire(PlatformPolicy policy) => new(
        policy.Id,
        policy.Name,
        [.. policy.Cidrs.Select(c => c.ToString())],
        policy.Direction switch { Direction.Ingress => "ingress", Direction.Egress => "egress", _ => null },
        policy.Protocol.IsAny ? null : policy.Protocol.ToString(),
        policy.PortRangeMin,
        policy.PortRangeMax);

    private static EffectiveRule ToRule(RuleEntry entry)
    {
        var draft = new RuleDraft(entry.Direction, entry.Ethertype, entry.Protocol, entry.PortRangeMin, entry.PortRangeMax,
            entry.RemoteIpPrefix, entry.RemoteIpRange, entry.RemoteGroupId, "", entry.Log, entry.RemoteAddressGroupId);
        var validation = RuleValidator.Validate(draft, entry.Id, entry.SecurityGroupId);
        return validation.IsValid
            ? new EffectiveRule(validation.Rule, entry.Stateful)
            : throw new FormatException($"rule {entry.Id}: {string.Join("; ", validation.Errors.Select(e => $"{e.Field} {e.Message}"))}");
    }

    private static PlatformPolicy ToPlatformPolicy(PlatformPolicyEntry entry)
    {
        if (!Protocol.TryParse(entry.Protocol, out var protocol))
        {
            throw new FormatException($"platform policy {entry.Id}: protocol '{entry.Protocol}' is not valid");
        }

        Direction? direction = entry.Direction switch
        {
            null => null,
            "ingress" => Direction.Ingress,
            "egress" => Direction.Egress,
            _ => throw new FormatException($"platform policy {entry.Id}: direction '{entry.Direction}' is not valid"),
        };
        return new PlatformPolicy(entry.Id, entry.Name, [.. entry.Cidrs.Select(Cidr)], direction, protocol, entry.PortRangeMin, entry.PortRangeMax);
    }

    private static Dictionary<string, IReadOnlyList<string>> Texts(IReadOnlyDictionary<string, ImmutableArray<IPNetwork>> sets) =>
        sets.OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Value.Select(m => m.ToString())], StringComparer.Ordinal);

    private static ImmutableDictionary<string, ImmutableArray<IPNetwork>> Networks(IReadOnlyDictionary<string, IReadOnlyList<string>> sets) =>
        sets.ToImmutableDictionary(g => g.Key, g => g.Value.Select(Cidr).ToImmutableArray(), StringComparer.Ordinal);

    private static IPAddress Address(string text) =>
        AddressParser.TryParseAddress(text, out var address) ? address : throw new FormatException($"'{text}' is not an IP address");

    private static IPNetwork Cidr(string text) =>
        AddressParser.TryParseCidr(text, out var network) ? network : throw new FormatException($"'{text}' is not a CIDR");
}
