using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Validation;

namespace Palisade.Core.Classification;

/// <summary>
/// The plain, one-rule-at-a-time reading of design.md §2. <see cref="PolicyClassifier.Explain"/>
/// uses it directly; the compiled fast path must always agree with it.
/// </summary>
public static class FlowMatching
{
    /// <summary>
    /// Step 3: what every instance needs. ICMPv6 MLD (130–132, 143), router solicitation (133),
    /// neighbour solicitation/advertisement (135, 136) both ways and router advertisements (134)
    /// inbound only: an instance must not act as a router, as in Neutron. DHCP and DHCPv6 client
    /// traffic (the instance asks on 68→67 / 546→547, the server answers 67→68 / 547→546); the
    /// reverse, an instance acting as a DHCP server, is refused (<see cref="IsRefusedInfrastructure"/>).
    /// </summary>
    public static bool IsInfrastructure(Flow flow)
    {
        var ingress = flow.Direction == Direction.Ingress;
        if (flow.EtherType == EtherType.IPv6 && flow.Protocol == Protocol.IcmpV6)
        {
            return flow.IcmpType is 130 or 131 or 132 or 133 or 135 or 136 or 143 || (ingress && flow.IcmpType == 134);
        }

        if (flow.Protocol != Protocol.Udp)
        {
            return false;
        }

        var (client, server) = flow.EtherType == EtherType.IPv4 ? (68, 67) : (546, 547);
        return ingress
            ? flow.SourcePort == server && flow.DestinationPort == client
            : flow.SourcePort == client && flow.DestinationPort == server;
    }

    /// <summary>
    /// Step 3's refusals: what only a router or a DHCP server may send, leaving a port — a router
    /// advertisement (ICMPv6 134), a DHCP server reply (UDP 67→68) or a DHCPv6 server reply (UDP
    /// 547→546) — is dropped whatever the rules, and before connection tracking, so a reply to a
    /// tracked request does not pass either. This is Neutron's set and order: the egress chain of
    /// neutron/agent/linux/iptables_firewall.py drops <c>--icmpv6-type 134</c> (IPV6_RA_DROP) and,
    /// in <c>_drop_dhcp_rule</c>, <c>--sport 67 --dport 68</c> and <c>--sport 547 --dport 546</c>,
    /// ahead of its RELATED,ESTABLISHED rule.
    /// </summary>
    public static bool IsRefusedInfrastructure(Flow flow)
    {
        if (flow.Direction != Direction.Egress)
        {
            return false;
        }

        if (flow.EtherType == EtherType.IPv6 && flow.Protocol == Protocol.IcmpV6)
        {
            return flow.IcmpType == 134;
        }

        var (server, client) = flow.EtherType == EtherType.IPv4 ? (67, 68) : (547, 546);
        return flow.Protocol == Protocol.Udp && flow.SourcePort == server && flow.DestinationPort == client;
    }

    /// <summary>
    /// Protocol and port part of a rule or platform policy: any protocol matches every packet; port
    /// protocols compare the destination port with [min, max]; ICMP compares type (min) and code
    /// (max, null = every code); no min means no restriction.
    /// </summary>
    public static bool ProtocolAndPortsMatch(Protocol protocol, int? min, int? max, Flow flow)
    {
        if (protocol.IsAny)
        {
            return true;
        }

        if (protocol.Number != flow.Protocol)
        {
            return false;
        }

        if (min is not { } low)
        {
            return true;
        }

        if (protocol.HasPorts)
        {
            return flow.DestinationPort >= low && flow.DestinationPort <= (max ?? low);
        }

        if (protocol.IsIcmp)
        {
            return flow.IcmpType == low && (max is null || flow.IcmpCode == max);
        }

        return true;
    }

    /// <param name="addressGroups">The CIDRs of each address group, of both families; null when the rules name none.</param>
    public static bool RemoteMatches(
        Remote? remote,
        EtherType etherType,
        IPAddress peer,
        IReadOnlyDictionary<string, ImmutableArray<IPNetwork>> remoteGroups,
        IReadOnlyDictionary<string, ImmutableArray<IPNetwork>>? addressGroups = null) => remote switch
    {
        null => true,
        Remote.Prefix prefix => prefix.Network.Contains(peer),
        Remote.Range range => range.First.AddressFamily == peer.AddressFamily
            && AddressParser.Compare(range.First, peer) <= 0
            && AddressParser.Compare(peer, range.Last) <= 0,
        Remote.Group group => remoteGroups.TryGetValue(group.GroupId, out var members) && AnyContains(members, etherType, peer),
        Remote.AddressGroup addressGroup => addressGroups is not null
            && addressGroups.TryGetValue(addressGroup.AddressGroupId, out var cidrs)
            && AnyContains(cidrs, etherType, peer),
        _ => false,
    };

    public static bool RuleMatches(
        SecurityGroupRule rule,
        Flow flow,
        IReadOnlyDictionary<string, ImmutableArray<IPNetwork>> remoteGroups,
        IReadOnlyDictionary<string, ImmutableArray<IPNetwork>>? addressGroups = null) =>
        rule.Direction == flow.Direction
        && rule.EtherType == flow.EtherType
        && ProtocolAndPortsMatch(rule.Protocol, rule.PortRangeMin, rule.PortRangeMax, flow)
        && RemoteMatches(rule.Remote, rule.EtherType, flow.PeerAddress, remoteGroups, addressGroups);

    /// <summary>Group members and address-group CIDRs count only in the rule's own family.</summary>
    private static bool AnyContains(ImmutableArray<IPNetwork> networks, EtherType etherType, IPAddress peer) =>
        networks.Any(m => RuleValidator.FamilyOf(m.BaseAddress) == etherType && m.Contains(peer));

    public static bool PlatformPolicyMatches(PlatformPolicy policy, Flow flow) =>
        policy.Enabled
        && (policy.Direction is null || policy.Direction == flow.Direction)
        && ProtocolAndPortsMatch(policy.Protocol, policy.PortRangeMin, policy.PortRangeMax, flow)
        && (policy.Cidrs.IsDefaultOrEmpty || policy.Cidrs.Any(c => c.Contains(flow.PeerAddress)));

    /// <summary>Step 4: on egress the source must be one of the port's own addresses.</summary>
    public static bool IsSpoofed(Flow flow, ImmutableArray<IPNetwork> sourceAddresses) =>
        flow.Direction == Direction.Egress
        && flow.LocalAddress is { } source
        && !sourceAddresses.Any(a => a.Contains(source));

    /// <summary>The flow's addresses must be of its ethertype; anything else is a malformed question.</summary>
    internal static void EnsureWellFormed(Flow flow)
    {
        var v6 = flow.EtherType == EtherType.IPv6;
        if (AddressKey.IsIPv6(flow.PeerAddress) != v6)
        {
            throw new ArgumentException($"peer address {flow.PeerAddress} is not {flow.EtherType}", nameof(flow));
        }

        if ((uint)flow.DestinationPort > 65535 || (uint)flow.SourcePort > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(flow), "ports are 0-65535");
        }
    }
}
