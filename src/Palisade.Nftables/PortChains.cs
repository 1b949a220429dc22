using System.Collections.Immutable;
using System.Globalization;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Nftables;

/// <summary>
/// The ingress and egress chain of one port, in the order of <c>PolicyClassifier</c>'s steps
/// (design.md §2): on egress the refused infrastructure traffic, then connection tracking,
/// infrastructure, anti-spoofing, platform policies, intra-subnet peers, the port's groups, and
/// the implicit deny. Port security off never reaches
/// here: its interface maps straight to accept.
/// </summary>
internal static class PortChains
{
    // FlowMatching.IsInfrastructure: MLD (130–132, 143), router solicitation (133) and neighbour
    // solicitation/advertisement (135, 136) both ways; router advertisements (134) only inbound,
    // so an instance cannot act as a router. They come before anti-spoofing, which is what lets
    // ND from fe80:: link-local sources through without listing them as port addresses.
    private const string NeighbourDiscoveryEgress = "meta nfproto ipv6 icmpv6 type { mld-listener-query, mld-listener-report, mld-listener-reduction, nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert, mld2-listener-report } accept";
    private const string NeighbourDiscoveryIngress = "meta nfproto ipv6 icmpv6 type { mld-listener-query, mld-listener-report, mld-listener-reduction, nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert, mld2-listener-report } accept";

    /// <summary>
    /// Infrastructure traffic (design.md §2 step 3) in one chain per direction that every port chain
    /// jumps to: an accept there ends the base chain exactly as it would inline. Written inline, each
    /// port chain carried its own anonymous set of ICMPv6 types, and the kernel's cost of thousands of
    /// anonymous sets made a 1,000-port table take four times as long to load (docs/benchmarks.md).
    /// </summary>
    public static ImmutableArray<NftChain> InfrastructureChains() =>
    [
        new(InfrastructureChainName(ingress: true), null,
        [
            NeighbourDiscoveryIngress,
            // DHCP and DHCPv6 client traffic only: the instance asks, the host's server answers.
            "meta nfproto ipv4 udp sport 67 udp dport 68 accept",
            "meta nfproto ipv6 udp sport 547 udp dport 546 accept",
        ]),
        new(InfrastructureChainName(ingress: false), null,
        [
            NeighbourDiscoveryEgress,
            "meta nfproto ipv4 udp sport 68 udp dport 67 accept",
            "meta nfproto ipv6 udp sport 546 udp dport 547 accept",
        ]),
    ];

    /// <summary>
    /// What only a router or a DHCP server may send, dropped on leaving every port whatever the
    /// rules and before conntrack (<c>FlowMatching.IsRefusedInfrastructure</c>, from Neutron's
    /// neutron/agent/linux/iptables_firewall.py: IPV6_RA_DROP and <c>_drop_dhcp_rule</c>). One chain
    /// every egress port chain jumps to first, for the same reason as <c>infra_out</c>.
    /// </summary>
    public static NftChain RefusedInfrastructureChain() => new(RefusedInfrastructureChainName, null,
    [
        "meta nfproto ipv6 icmpv6 type nd-router-advert drop",
        "meta nfproto ipv4 udp sport 67 udp dport 68 drop",
        "meta nfproto ipv6 udp sport 547 udp dport 546 drop",
    ]);

    private const string RefusedInfrastructureChainName = "infra_refused_out";

    private static string InfrastructureChainName(bool ingress) => ingress ? "infra_in" : "infra_out";

    public static NftChain Build(EffectivePolicy policy, bool ingress, string? platformChain, IReadOnlyList<string> groupChains, Func<string, bool, bool> hasIntraSubnet)
    {
        var port = policy.Port;
        var rules = ImmutableArray.CreateBuilder<string>();
        if (!ingress)
        {
            rules.Add("jump " + RefusedInfrastructureChainName);
        }

        if (policy.Stateful)
        {
            rules.Add("ct state established,related accept");
            rules.Add("ct state invalid drop");
        }

        rules.Add("jump " + InfrastructureChainName(ingress));

        if (!ingress)
        {
            if (SourceMacs(port) is { } macs)
            {
                rules.Add($"ether saddr != {macs} drop");
            }

            rules.Add($"iifname . ip saddr != @{NftNames.SourceSet(v6: false)} drop");
            rules.Add($"iifname . ip6 saddr != @{NftNames.SourceSet(v6: true)} drop");
        }

        if (platformChain is not null)
        {
            rules.Add("jump " + platformChain);
        }

        // The port's interface is oifname on ingress (forward_ingress maps by it) and iifname on egress.
        var key = ingress ? "oifname" : "iifname";
        var peer = ingress ? "saddr" : "daddr";
        if (hasIntraSubnet(port.Id, false))
        {
            rules.Add($"{key} . ip {peer} @{NftNames.IntraSubnetSet(v6: false)} accept");
        }

        if (hasIntraSubnet(port.Id, true))
        {
            rules.Add($"{key} . ip6 {peer} @{NftNames.IntraSubnetSet(v6: true)} accept");
        }

        foreach (var chain in groupChains)
        {
            rules.Add("jump " + chain);
        }

        // A port that logs its drops sends what reaches the implicit deny to the agent first (docs/flow-logs.md).
        var log = port.LogDrops ? " " + FlowLogPrefix.Statement(FlowLogPrefix.Drop(port.Id, ingress)) : string.Empty;
        rules.Add($"counter name \"{NftNames.DropCounter(port.Id, ingress)}\"{log} drop");
        return new NftChain(NftNames.PortChain(port.Id, ingress), null, rules.ToImmutable());
    }

    /// <summary>
    /// The port's MAC and those of its allowed address pairs (a VRRP pair may bring its own MAC), or
    /// null when the port's MAC is unknown or malformed: then only addresses are checked, rather
    /// than failing the whole host's transaction over one port.
    /// </summary>
    private static string? SourceMacs(Port port)
    {
        if (NormalizeMac(port.MacAddress) is not { } own)
        {
            return null;
        }

        var macs = port.AllowedAddressPairs
            .Select(p => NormalizeMac(p.MacAddress))
            .OfType<string>()
            .Append(own)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        return macs.Count == 1 ? macs[0] : "{ " + string.Join(", ", macs) + " }";
    }

    internal static string? NormalizeMac(string? mac)
    {
        if (mac is null)
        {
            return null;
        }

        var parts = mac.Split(':', '-');
        if (parts.Length != 6 || parts.Any(p => p.Length != 2 || !byte.TryParse(p, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _)))
        {
            return null;
        }

        return string.Join(':', parts).ToLowerInvariant();
    }
}
