using System.Collections.Frozen;
using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Nftables;

namespace Palisade.Agent.FlowLogs;

/// <summary>What a logged packet hit: the port, and for a logged rule its group and rule; verdict allow for a rule, drop for an implicit deny.</summary>
internal sealed record FlowTarget(string PortId, string? GroupId, string? RuleId, bool Ingress, bool Allowed);

/// <summary>
/// Turns an NFLOG prefix back into what the packet hit, from the policies in force: it computes the
/// prefix of every logged rule and every port that logs its drops (<see cref="FlowLogPrefix"/>) and
/// looks the packet's up, so it never parses an id out of the prefix. A group's chain is shared by
/// every port of the group, so a rule's prefix does not name the port: the port is the one of the
/// group whose address the packet goes to (ingress) or comes from (egress).
/// </summary>
internal sealed class FlowAttribution
{
    private readonly FrozenDictionary<string, Entry> prefixes;
    private readonly FrozenDictionary<string, (string PortId, IPNetwork[] Addresses)[]> portsByGroup;

    private FlowAttribution(FrozenDictionary<string, Entry> prefixes, FrozenDictionary<string, (string, IPNetwork[])[]> portsByGroup)
    {
        this.prefixes = prefixes;
        this.portsByGroup = portsByGroup;
    }

    public static FlowAttribution Empty { get; } = From([]);

    public static FlowAttribution From(IReadOnlyList<EffectivePolicy> policies)
    {
        var prefixes = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var groups = new Dictionary<string, List<(string, IPNetwork[])>>(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            var port = policy.Port;
            var addresses = port.FixedIps.Select(ip => new IPNetwork(ip.Address, ip.Address.GetAddressBytes().Length * 8))
                .Concat(port.AllowedAddressPairs.Select(pair => pair.IpAddress))
                .ToArray();
            foreach (var groupId in policy.GroupIds)
            {
                (groups.TryGetValue(groupId, out var list) ? list : groups[groupId] = []).Add((port.Id, addresses));
            }

            foreach (var rule in policy.Rules.Select(r => r.Rule).Where(r => r.Log))
            {
                prefixes.TryAdd(FlowLogPrefix.Rule(rule.Id), new Entry(null, rule.GroupId, rule.Id, rule.Direction == Direction.Ingress));
            }

            if (port.LogDrops)
            {
                prefixes.TryAdd(FlowLogPrefix.Drop(port.Id, ingress: true), new Entry(port.Id, null, null, true));
                prefixes.TryAdd(FlowLogPrefix.Drop(port.Id, ingress: false), new Entry(port.Id, null, null, false));
            }
        }

        return new FlowAttribution(prefixes.ToFrozenDictionary(StringComparer.Ordinal), groups.ToFrozenDictionary(g => g.Key, g => g.Value.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>What the packet hit, or null for a prefix of no rule or port in force (the policy changed since) or a rule's packet of no port of its group.</summary>
    public FlowTarget? Resolve(string prefix, IPAddress source, IPAddress destination)
    {
        if (!prefixes.TryGetValue(prefix, out var entry))
        {
            return null;
        }

        if (entry.PortId is { } portId)
        {
            return new FlowTarget(portId, null, null, entry.Ingress, Allowed: false);
        }

        var own = entry.Ingress ? destination : source;
        if (!portsByGroup.TryGetValue(entry.GroupId!, out var ports))
        {
            return null;
        }

        foreach (var (candidate, addresses) in ports)
        {
            if (addresses.Any(a => a.Contains(own)))
            {
                return new FlowTarget(candidate, entry.GroupId, entry.RuleId, entry.Ingress, Allowed: true);
            }
        }

        return null;
    }

    private sealed record Entry(string? PortId, string? GroupId, string? RuleId, bool Ingress);
}
