using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Nftables.Tests;

/// <summary>Small helpers to write snapshots in tests the way an operator would describe a host.</summary>
internal static class Hosts
{
    public const string Host = "h1";

    public static readonly Subnet Subnet4 = new("s4", "n1", IPNetwork.Parse("10.0.0.0/24"));
    public static readonly Subnet Subnet6 = new("s6", "n1", IPNetwork.Parse("2001:db8:1::/64"));

    public static Port Port(string id, string ip4, string? ip6 = null, string? mac = null, string host = Host, bool portSecurity = true, string? device = null, params AllowedAddressPair[] pairs)
    {
        var ips = ImmutableArray.Create(new FixedIp(Subnet4.Id, IPAddress.Parse(ip4)));
        if (ip6 is not null)
        {
            ips = ips.Add(new FixedIp(Subnet6.Id, IPAddress.Parse(ip6)));
        }

        return new(id, "p1", "n1", ips, mac, Host: host, PortSecurityEnabled: portSecurity, AllowedAddressPairs: [.. pairs], InterfaceName: device);
    }

    public static SecurityGroupRule Rule(string id, string group, Direction direction, EtherType etherType = EtherType.IPv4, string protocol = "any", int? min = null, int? max = null, Remote? remote = null, bool log = false)
    {
        Assert.True(Protocol.TryParse(protocol, out var parsed));
        return new(id, group, direction, etherType, parsed, min, max, remote, Log: log);
    }

    public static Remote.Prefix Prefix(string cidr) => Remote.Prefix.Of(IPNetwork.Parse(cidr));

    public static SecurityGroup Group(string id, bool stateful = true, params SecurityGroupRule[] rules) => new(id, "p1", id, [.. rules], Stateful: stateful);

    public static Binding Bind(string group, string port) => new(group, BindingScope.Port, port);

    public static AddressGroup AddressGroup(string id, params string[] cidrs) => new(id, "p1", [.. cidrs.Select(IPNetwork.Parse)]);

    public static ImmutableArray<EffectivePolicy> Build(IEnumerable<SecurityGroup> groups, IEnumerable<Port> ports, IEnumerable<Binding> bindings, IEnumerable<PlatformPolicy>? platform = null, IEnumerable<Subnet>? subnets = null, IEnumerable<AddressGroup>? addressGroups = null)
    {
        var snapshot = new PolicySnapshot([new Project("p1", "tenant")], [.. groups], [.. ports], [.. subnets ?? [Subnet4, Subnet6]], [.. bindings], [.. platform ?? []])
        {
            AddressGroups = [.. addressGroups ?? []],
        };
        return EffectivePolicyBuilder.BuildForHost(snapshot, Host);
    }

    /// <summary>A database group admitting 5432 from the app group's members, and an app group with one egress rule.</summary>
    public static readonly SecurityGroup Db = Group("db", true,
        Rule("db-pg", "db", Direction.Ingress, protocol: "tcp", min: 5432, max: 5432, remote: new Remote.Group("app")),
        Rule("db-pg6", "db", Direction.Ingress, EtherType.IPv6, "tcp", 5432, 5432, new Remote.Group("app")));

    public static readonly SecurityGroup App = Group("app", true, Rule("app-out", "app", Direction.Egress));

    /// <summary>This host's db-1 in the db group, and <paramref name="apps"/> (on any host) in the app group.</summary>
    public static ImmutableArray<EffectivePolicy> HostWithApps(params Port[] apps) =>
        Build([Db, App], [Port("db-1", "10.0.0.5", "2001:db8:1::5"), .. apps], [Bind("db", "db-1"), .. apps.Select(a => Bind("app", a.Id))]);
}
