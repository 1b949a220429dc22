using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using static Palisade.Nftables.Tests.Hosts;

namespace Palisade.Nftables.Tests;

/// <summary>The named host policies with golden rulesets: one per feature of the renderer.</summary>
internal static class Corpus
{
    public static IEnumerable<string> Names => Cases.Keys;

    public static ImmutableArray<EffectivePolicy> Get(string name) => Cases[name]();

    private static readonly ImmutableSortedDictionary<string, Func<ImmutableArray<EffectivePolicy>>> Cases =
        new Dictionary<string, Func<ImmutableArray<EffectivePolicy>>>
        {
            ["stateful"] = Stateful,
            ["stateless"] = Stateless,
            ["icmp-and-protocols"] = IcmpAndProtocols,
            ["remote-groups"] = RemoteGroups,
            ["address-groups"] = AddressGroups,
            ["platform-policy"] = Platform,
            ["port-security-off"] = PortSecurityOff,
            ["log-rule"] = LogRule,
        }.ToImmutableSortedDictionary(StringComparer.Ordinal);

    /// <summary>A project's default group and a web group on two ports: the everyday case.</summary>
    private static ImmutableArray<EffectivePolicy> Stateful() => Build(
        [
            Group("default", true,
                Rule("d-eg4", "default", Direction.Egress),
                Rule("d-eg6", "default", Direction.Egress, EtherType.IPv6),
                Rule("d-in4", "default", Direction.Ingress, remote: new Remote.Group("default")),
                Rule("d-in6", "default", Direction.Ingress, EtherType.IPv6, remote: new Remote.Group("default"))),
            Group("web", true,
                Rule("web-http", "web", Direction.Ingress, protocol: "tcp", min: 80, max: 80),
                Rule("web-alt", "web", Direction.Ingress, protocol: "tcp", min: 8000, max: 8080, remote: Prefix("192.0.2.0/24")),
                Rule("web-ssh6", "web", Direction.Ingress, EtherType.IPv6, "tcp", 22, 22, Prefix("2001:db8:ff::/48"))),
        ],
        [
            Port("port-a", "10.0.0.10", "2001:db8:1::10", "FA:16:3E:00:00:0A"),
            Port("port-b", "10.0.0.11", "2001:db8:1::11", "fa:16:3e:00:00:0b"),
        ],
        [Bind("default", "port-a"), Bind("default", "port-b"), Bind("web", "port-b")]);

    /// <summary>A stateless DNS server beside a stateful port: notrack for the one, conntrack for the other.</summary>
    private static ImmutableArray<EffectivePolicy> Stateless() => Build(
        [
            Group("dns", false,
                Rule("dns-udp", "dns", Direction.Ingress, protocol: "udp", min: 53, max: 53),
                Rule("dns-out", "dns", Direction.Egress, protocol: "udp")),
            Group("app", true, Rule("app-eg", "app", Direction.Egress)),
        ],
        [Port("dns-1", "10.0.0.53"), Port("app-1", "10.0.0.20")],
        [Bind("dns", "dns-1"), Bind("app", "app-1")]);

    private static ImmutableArray<EffectivePolicy> IcmpAndProtocols() => Build(
        [
            Group("mixed", true,
                Rule("echo", "mixed", Direction.Ingress, protocol: "icmp", min: 8, max: 0),
                Rule("unreach", "mixed", Direction.Ingress, protocol: "icmp", min: 3),
                Rule("icmp-all", "mixed", Direction.Egress, protocol: "icmp"),
                Rule("echo6", "mixed", Direction.Ingress, EtherType.IPv6, "ipv6-icmp", 128),
                Rule("gre", "mixed", Direction.Ingress, protocol: "gre"),
                Rule("proto-99", "mixed", Direction.Egress, protocol: "99"),
                Rule("sctp", "mixed", Direction.Ingress, protocol: "sctp", min: 3868, max: 3868),
                Rule("dccp", "mixed", Direction.Ingress, protocol: "dccp", min: 5000, max: 5010),
                Rule("udplite", "mixed", Direction.Ingress, protocol: "udplite"),
                Rule("udp-range", "mixed", Direction.Egress, protocol: "udp", min: 1000, max: 2000,
                    remote: new Remote.Range(IPAddress.Parse("198.51.100.7"), IPAddress.Parse("198.51.100.20")))),
        ],
        [Port("port-i", "10.0.0.30", "2001:db8:1::30")],
        [Bind("mixed", "port-i")]);

    /// <summary>A group named as remote in both families; a VRRP pair overlaps a fixed IP and merges.</summary>
    private static ImmutableArray<EffectivePolicy> RemoteGroups() => Build(
        [
            Group("db", true,
                Rule("db-pg", "db", Direction.Ingress, protocol: "tcp", min: 5432, max: 5432, remote: new Remote.Group("app")),
                Rule("db-pg6", "db", Direction.Ingress, EtherType.IPv6, "tcp", 5432, 5432, new Remote.Group("app"))),
            Group("app", true, Rule("app-out", "app", Direction.Egress, protocol: "tcp", min: 5432, max: 5432, remote: new Remote.Group("db"))),
        ],
        [
            Port("db-1", "10.0.0.5", "2001:db8:1::5"),
            Port("app-1", "10.0.0.6", "2001:db8:1::6", pairs: new AllowedAddressPair(IPNetwork.Parse("10.0.0.4/30"), "fa:16:3e:00:00:99")),
            Port("app-2", "10.0.0.7", host: "h2"),
            Port("app-3", "10.0.1.9", "2001:db8:2::9", host: "h2"),
        ],
        [Bind("db", "db-1"), Bind("app", "app-1"), Bind("app", "app-2"), Bind("app", "app-3")]);

    /// <summary>
    /// Address groups as remotes: one set per group and family, overlapping CIDRs merged, a family the
    /// group has no CIDR of an empty set, and an address group sharing its id with a remote group kept apart.
    /// </summary>
    private static ImmutableArray<EffectivePolicy> AddressGroups() => Build(
        [
            Group("office", true,
                Rule("office-ssh", "office", Direction.Ingress, protocol: "tcp", min: 22, max: 22, remote: new Remote.AddressGroup("office")),
                Rule("office-ssh6", "office", Direction.Ingress, EtherType.IPv6, "tcp", 22, 22, new Remote.AddressGroup("office")),
                Rule("office-peers", "office", Direction.Ingress, remote: new Remote.Group("office")),
                Rule("office-dns", "office", Direction.Egress, protocol: "udp", min: 53, max: 53, remote: new Remote.AddressGroup("resolvers")),
                Rule("office-dns6", "office", Direction.Egress, EtherType.IPv6, "udp", 53, 53, new Remote.AddressGroup("resolvers"))),
        ],
        [Port("port-o", "10.0.0.50", "2001:db8:1::50")],
        [Bind("office", "port-o")],
        addressGroups:
        [
            AddressGroup("office", "192.0.2.0/24", "192.0.2.128/25", "198.51.100.7/32", "2001:db8:ff::/48"),
            AddressGroup("resolvers", "198.51.100.53/32", "198.51.100.54/32"),
            AddressGroup("unused", "203.0.113.0/24"),
        ]);

    private static ImmutableArray<EffectivePolicy> Platform() => Build(
        [Group("open", true, Rule("open-in", "open", Direction.Ingress), Rule("open-out", "open", Direction.Egress))],
        [Port("port-p", "10.0.0.40", "2001:db8:1::40")],
        [Bind("open", "port-p")],
        [
            new PlatformPolicy("embargo", "embargoed ranges", [IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("2001:db8:bad::/48")]),
            new PlatformPolicy("no-smtp", "no outbound mail", [], Direction.Egress, Protocol.Of(Protocol.Tcp), 25, 25),
            new PlatformPolicy("no-redirects", "no ICMP redirects", [], Direction.Ingress, Protocol.Of(Protocol.Icmp), 5),
            new PlatformPolicy("off", "disabled", [IPNetwork.Parse("0.0.0.0/0")], Enabled: false),
        ]);

    private static ImmutableArray<EffectivePolicy> PortSecurityOff() => Build(
        [Group("web", true, Rule("web-http", "web", Direction.Ingress, protocol: "tcp", min: 80, max: 80))],
        [Port("router", "10.0.0.1", portSecurity: false), Port("web-1", "10.0.0.80")],
        [Bind("web", "router"), Bind("web", "web-1")]);

    private static ImmutableArray<EffectivePolicy> LogRule() => Build(
        [Group("audit", true,
            Rule("3f2b1c9e-8d7a-4e6f-9b0c-1a2b3c4d5e6f", "audit", Direction.Ingress, protocol: "tcp", min: 22, max: 22, log: true),
            Rule("odd id \"quoted\"", "audit", Direction.Egress, log: true),
            Rule("a rule id far longer than the sixty-three bytes an NFLOG prefix may hold", "audit", Direction.Ingress, EtherType.IPv6, log: true))],
        [Port("9b1e5a70-4c3d-4e2f-8a1b-0c9d8e7f6a5b", "10.0.0.90", mac: "fa:16:3e:12:34:56") with { LogDrops = true }],
        [Bind("audit", "9b1e5a70-4c3d-4e2f-8a1b-0c9d8e7f6a5b")]);
}
