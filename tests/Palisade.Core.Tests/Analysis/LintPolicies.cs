using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Tests.Analysis;

/// <summary>Small snapshots for the analysis tests: one project "p1", ports on subnet 10.0.0.0/24, groups bound per port.</summary>
internal static class LintPolicies
{
    public static readonly Project Tenant = new("p1", "tenant");

    public static SecurityGroupRule Ingress(string id, string group, string protocol = "tcp", int? min = null, int? max = null, Remote? remote = null, EtherType etherType = EtherType.IPv4)
    {
        Protocol.TryParse(protocol, out var parsed);
        return new(id, group, Direction.Ingress, etherType, parsed, min, max ?? min, remote);
    }

    public static Remote.Prefix Cidr(string text) => Remote.Prefix.Of(IPNetwork.Parse(text));

    public static SecurityGroup Group(string id, params SecurityGroupRule[] rules) => new(id, "p1", id, [.. rules]);

    public static Port Port(string id, string ip = "10.0.0.10", bool portSecurity = true, string project = "p1") =>
        new(id, project, "n1", [new FixedIp("s1", IPAddress.Parse(ip))], PortSecurityEnabled: portSecurity);

    public static Binding Bind(string group, string port) => new(group, BindingScope.Port, port);

    public static PolicySnapshot Snapshot(IEnumerable<SecurityGroup> groups, IEnumerable<Port> ports, IEnumerable<Binding> bindings, IEnumerable<AddressGroup>? addressGroups = null) =>
        new([Tenant], [.. groups], [.. ports], [new Subnet("s1", "n1", IPNetwork.Parse("10.0.0.0/24"), IntraSubnetAllowed: false)], [.. bindings], [])
        {
            AddressGroups = [.. addressGroups ?? []],
        };
}
