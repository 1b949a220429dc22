using System.Net;
using System.Numerics;
using Palisade.Core.Classification;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Tests.Classification;

/// <summary>
/// design.md §2 read literally, one step and one rule at a time, with none of the classifier's
/// structures (addresses compared as BigIntegers, no merging), so that the fast path has an
/// independent judge in the property tests.
/// </summary>
internal static class ReferenceEvaluator
{
    public static Decision Evaluate(EffectivePolicy policy, Flow flow)
    {
        // 1. Port security disabled.
        if (!policy.Port.PortSecurityEnabled)
        {
            return new(Verdict.Allow, DecisionStep.PortSecurityDisabled);
        }

        // 3, first: a router advertisement or a DHCP/DHCPv6 server reply leaving the port, before conntrack (as Neutron).
        if (IsRouterOrDhcpServerEgress(flow))
        {
            return new(Verdict.Drop, DecisionStep.Infrastructure);
        }

        // 2. Tracked connections (only when the port is stateful).
        if (policy.Stateful && flow.State == ConnectionState.Established)
        {
            return new(Verdict.Allow, DecisionStep.ConnectionTracking);
        }

        if (policy.Stateful && flow.State == ConnectionState.Invalid)
        {
            return new(Verdict.Drop, DecisionStep.ConnectionTracking);
        }

        // 3. Infrastructure.
        if (IsNeighbourDiscoveryOrMld(flow) || IsDhcpClientTraffic(flow))
        {
            return new(Verdict.Allow, DecisionStep.Infrastructure);
        }

        // 4. Anti-spoofing on egress.
        if (flow.Direction == Direction.Egress && flow.LocalAddress is not null
            && !policy.SourceAddresses.Any(n => InNetwork(flow.LocalAddress, n)))
        {
            return new(Verdict.Drop, DecisionStep.AntiSpoofing);
        }

        // 5. Platform policies.
        foreach (var platform in policy.PlatformPolicies)
        {
            var directionOk = platform.Direction is null || platform.Direction == flow.Direction;
            var cidrOk = platform.Cidrs.IsDefaultOrEmpty || platform.Cidrs.Any(c => InNetwork(flow.PeerAddress, c));
            if (platform.Enabled && directionOk && cidrOk && ProtocolMatches(platform.Protocol, platform.PortRangeMin, platform.PortRangeMax, flow))
            {
                return new(Verdict.Drop, DecisionStep.PlatformPolicy);
            }
        }

        // 6. Same subnet.
        if (policy.IntraSubnetCidrs.Any(c => InNetwork(flow.PeerAddress, c)))
        {
            return new(Verdict.Allow, DecisionStep.IntraSubnet);
        }

        // 7. Any rule.
        foreach (var effective in policy.Rules)
        {
            var rule = effective.Rule;
            if (rule.Direction == flow.Direction && rule.EtherType == flow.EtherType
                && ProtocolMatches(rule.Protocol, rule.PortRangeMin, rule.PortRangeMax, flow)
                && RemoteMatches(policy, rule, flow.PeerAddress))
            {
                return new(Verdict.Allow, DecisionStep.Rule);
            }
        }

        // 8. Implicit deny.
        return new(Verdict.Drop, DecisionStep.ImplicitDeny);
    }

    private static bool IsNeighbourDiscoveryOrMld(Flow flow)
    {
        if (flow.EtherType != EtherType.IPv6 || flow.Protocol != 58)
        {
            return false;
        }

        int[] both = [130, 131, 132, 133, 135, 136, 143];
        return both.Contains(flow.IcmpType) || (flow.Direction == Direction.Ingress && flow.IcmpType == 134);
    }

    private static bool IsRouterOrDhcpServerEgress(Flow flow) =>
        flow.Direction == Direction.Egress && (
            (flow.EtherType == EtherType.IPv6 && flow.Protocol == 58 && flow.IcmpType == 134)
            || (flow.EtherType == EtherType.IPv4 && flow.Protocol == 17 && flow.SourcePort == 67 && flow.DestinationPort == 68)
            || (flow.EtherType == EtherType.IPv6 && flow.Protocol == 17 && flow.SourcePort == 547 && flow.DestinationPort == 546));

    private static bool IsDhcpClientTraffic(Flow flow)
    {
        if (flow.Protocol != 17)
        {
            return false;
        }

        var v4 = flow.EtherType == EtherType.IPv4;
        var (from, to) = flow.Direction == Direction.Egress ? (v4 ? 68 : 546, v4 ? 67 : 547) : (v4 ? 67 : 547, v4 ? 68 : 546);
        return flow.SourcePort == from && flow.DestinationPort == to;
    }

    private static bool ProtocolMatches(Protocol protocol, int? min, int? max, Flow flow)
    {
        if (protocol.IsAny)
        {
            return true;
        }

        if (protocol.Number != flow.Protocol)
        {
            return false;
        }

        if (min is null)
        {
            return true;
        }

        return protocol.Number switch
        {
            6 or 17 or 33 or 132 or 136 => min <= flow.DestinationPort && flow.DestinationPort <= (max ?? min),
            1 or 58 => flow.IcmpType == min && (max is null || flow.IcmpCode == max),
            _ => true,
        };
    }

    private static bool RemoteMatches(EffectivePolicy policy, SecurityGroupRule rule, IPAddress peer) => rule.Remote switch
    {
        null => true,
        Remote.Prefix p => InNetwork(peer, p.Network),
        Remote.Range r => SameFamily(r.First, peer) && Number(r.First) <= Number(peer) && Number(peer) <= Number(r.Last),
        Remote.Group g => policy.RemoteGroups.TryGetValue(g.GroupId, out var members)
            && members.Any(m => (m.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) == (rule.EtherType == EtherType.IPv6)
                && InNetwork(peer, m)),
        Remote.AddressGroup a => policy.AddressGroups.TryGetValue(a.AddressGroupId, out var cidrs)
            && cidrs.Any(c => (c.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) == (rule.EtherType == EtherType.IPv6)
                && InNetwork(peer, c)),
        _ => throw new InvalidOperationException("unknown remote"),
    };

    private static bool InNetwork(IPAddress address, IPNetwork network)
    {
        if (!SameFamily(address, network.BaseAddress))
        {
            return false;
        }

        var bits = address.GetAddressBytes().Length * 8;
        var shift = bits - network.PrefixLength;
        return Number(address) >> shift == Number(network.BaseAddress) >> shift;
    }

    private static bool SameFamily(IPAddress a, IPAddress b) => a.AddressFamily == b.AddressFamily;

    private static BigInteger Number(IPAddress address) => new(address.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
}
