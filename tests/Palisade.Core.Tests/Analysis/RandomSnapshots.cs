using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Classification;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Tests.Analysis;

/// <summary>
/// Random small projects over a reduced flow space, small enough to try every flow: peers are
/// 10.0.0.0/28 plus 192.0.2.1 (IPv4) and fd00::/124 plus 2001:db8::1 (IPv6), ports 0–7, ICMP
/// types 0–3 with codes 0–1, protocols tcp, udp, icmp/ipv6-icmp and gre. Rules are drawn from the
/// same space, so they overlap, nest and repeat; groups are bound to random subsets of up to three
/// ports, which are also the remote groups' members.
/// </summary>
internal sealed class RandomSnapshots(int seed)
{
    public const int Ports = 8;

    private static readonly ImmutableArray<IPAddress> PeersV4 =
        [.. Enumerable.Range(0, 16).Select(i => IPAddress.Parse($"10.0.0.{i}")), IPAddress.Parse("192.0.2.1")];

    private static readonly ImmutableArray<IPAddress> PeersV6 =
        [.. Enumerable.Range(0, 16).Select(i => IPAddress.Parse($"fd00::{i:x}")), IPAddress.Parse("2001:db8::1")];

    private readonly Random random = new(seed);

    public PolicySnapshot NextSnapshot()
    {
        var ports = Enumerable.Range(0, random.Next(1, 4)).Select(i => NextPort($"port{i}")).ToList();
        var groupIds = Enumerable.Range(0, random.Next(1, 5)).Select(i => $"g{i}").ToList();
        var addressGroups = Enumerable.Range(0, random.Next(0, 3))
            .Select(i => new AddressGroup($"ag{i}", "p1", [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => NextNetwork(Chance(0.5)))]))
            .ToList();
        var groups = groupIds.Select(id => new SecurityGroup(
            id, "p1", id,
            [.. Enumerable.Range(0, random.Next(0, 9)).Select(r => NextRule($"{id}-r{r}", id, groupIds, addressGroups))],
            Status: Chance(0.1) ? GroupStatus.Disabled : GroupStatus.Enabled)).ToList();
        var bindings = groupIds.SelectMany(g => ports.Where(_ => Chance(0.6)).Select(p => new Binding(g, BindingScope.Port, p.Id))).ToList();
        return new PolicySnapshot([new Project("p1", "p1")], [.. groups], [.. ports], [new Subnet("s1", "n1", IPNetwork.Parse("10.0.0.0/24"), IntraSubnetAllowed: false)], [.. bindings], [])
        {
            AddressGroups = [.. addressGroups],
        };
    }

    public SecurityGroupRule NextRule(string id, string groupId, IReadOnlyList<string> groupIds, IReadOnlyList<AddressGroup> addressGroups)
    {
        var v6 = Chance(0.4);
        var etherType = v6 ? EtherType.IPv6 : EtherType.IPv4;
        var protocol = random.Next(0, 8) switch
        {
            0 => Protocol.Any,
            1 or 2 or 3 => Protocol.Of(Protocol.Tcp),
            4 or 5 => Protocol.Of(Protocol.Udp),
            6 => Protocol.Of(v6 ? Protocol.IcmpV6 : Protocol.Icmp),
            _ => Protocol.Of(47),
        };
        int? min = null, max = null;
        if (protocol.HasPorts && Chance(0.8))
        {
            min = random.Next(0, Ports);
            max = Math.Min(Ports - 1, min.Value + random.Next(0, 4));
        }
        else if (protocol.IsIcmp && Chance(0.7))
        {
            min = random.Next(0, 4);
            max = Chance(0.5) ? random.Next(0, 2) : null;
        }

        Remote? remote = random.Next(0, 8) switch
        {
            0 => null,
            1 or 2 or 3 => Remote.Prefix.Of(NextNetwork(v6)),
            4 => NextRange(v6),
            5 or 6 => new Remote.Group(groupIds[random.Next(groupIds.Count)]),
            _ => addressGroups.Count > 0 ? new Remote.AddressGroup(addressGroups[random.Next(addressGroups.Count)].Id) : null,
        };
        return new SecurityGroupRule(id, groupId, Chance(0.5) ? Direction.Ingress : Direction.Egress, etherType, protocol, min, max, remote);
    }

    /// <summary>Every flow of the reduced space, both directions and families.</summary>
    public static IEnumerable<Flow> AllFlows()
    {
        foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
        {
            foreach (var (etherType, peers, icmp) in new[] { (EtherType.IPv4, PeersV4, Protocol.Icmp), (EtherType.IPv6, PeersV6, Protocol.IcmpV6) })
            {
                foreach (var peer in peers)
                {
                    for (var port = 0; port < Ports; port++)
                    {
                        yield return new Flow(direction, etherType, Protocol.Tcp, peer, port, SourcePort: 40000);
                        yield return new Flow(direction, etherType, Protocol.Udp, peer, port, SourcePort: 40000);
                    }

                    for (var type = 0; type < 4; type++)
                    {
                        for (var code = 0; code < 2; code++)
                        {
                            yield return new Flow(direction, etherType, icmp, peer, IcmpType: (byte)type, IcmpCode: (byte)code);
                        }
                    }

                    yield return new Flow(direction, etherType, 47, peer);
                }
            }
        }
    }

    private Port NextPort(string id)
    {
        IPAddress v4 = PeersV4[random.Next(16)];
        ImmutableArray<FixedIp> ips = Chance(0.5) ? [new FixedIp("s1", v4), new FixedIp("s6", PeersV6[random.Next(16)])] : [new FixedIp("s1", v4)];
        return new Port(id, "p1", "n1", ips);
    }

    private IPNetwork NextNetwork(bool v6)
    {
        var peers = v6 ? PeersV6 : PeersV4;
        var bits = v6 ? 128 : 32;
        var length = Chance(0.1) ? 0 : bits - random.Next(0, 5);
        return new IPNetwork(Palisade.Core.Validation.AddressParser.Mask(peers[random.Next(peers.Length)], length), length);
    }

    private Remote.Range NextRange(bool v6)
    {
        var peers = v6 ? PeersV6 : PeersV4;
        var a = random.Next(16);
        var b = random.Next(a, 16);
        return new Remote.Range(peers[a], peers[b]);
    }

    private bool Chance(double p) => random.NextDouble() < p;
}
