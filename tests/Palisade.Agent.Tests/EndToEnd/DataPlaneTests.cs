using System.Net;
using Palisade.Agent.Tests.Lab;

namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>The steps before and beside the rules (design.md §2): platform policies, anti-spoofing, same subnet, stateless groups.</summary>
public sealed class DataPlaneTests(AgentLab lab) : IClassFixture<AgentLab>
{
    private static readonly object[] OpenToTcp7000 =
    [
        new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7000, port_range_max = 7000 },
        new { direction = "ingress", ethertype = "IPv6", protocol = "tcp", port_range_min = 7000, port_range_max = 7000 },
        new { direction = "ingress", ethertype = "IPv4", protocol = "udp", port_range_min = 7000, port_range_max = 7000 },
        new { direction = "ingress", ethertype = "IPv6", protocol = "udp", port_range_min = 7000, port_range_max = 7000 },
    ];

    [Fact]
    public async Task A_platform_deny_drops_what_a_tenant_rule_allows()
    {
        var server = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "open-for-platform", OpenToTcp7000)]);
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "embargoed", [])]);
        server.StartEchoServers(7000);
        await lab.ConvergedAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)));

        var policy = await lab.Api.PostAsync("/api/v1/platform-policies", new { name = "embargo", cidrs = new[] { $"{client.IPv4}/32", $"{client.IPv6}/128" } });
        try
        {
            await lab.ConvergedAsync();
            Assert.False(await client.TcpConnectsAsync(server.IPv4, 7000), "TCP over IPv4 from an embargoed address");
            Assert.False(await client.UdpEchoesAsync(server.IPv6, 7000), "UDP over IPv6 from an embargoed address");
        }
        finally
        {
            await lab.Api.DeleteAsync($"/api/v1/platform-policies/{(string)policy["id"]!}");
        }

        await lab.ConvergedAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv6, 7000)), "allowed again once the policy is gone");
    }

    /// <summary>design.md §1–§2: [] is no group, not the default group, which only a port created without groups gets.</summary>
    [Fact]
    public async Task A_port_created_with_no_groups_sends_nothing_the_default_group_would_allow()
    {
        var server = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "open-for-bare", OpenToTcp7000)]);
        var onDefault = await lab.InstanceAsync();
        var bare = await lab.InstanceAsync([]);
        server.StartEchoServers(7000);
        await lab.ConvergedAsync();

        Assert.True(await AgentLab.EventuallyAsync(() => onDefault.TcpConnectsAsync(server.IPv4, 7000)), "from a port on the default group");
        Assert.False(await bare.TcpConnectsAsync(server.IPv4, 7000), "TCP over IPv4 from a port in no group");
        Assert.False(await bare.UdpEchoesAsync(server.IPv6, 7000), "UDP over IPv6 from a port in no group");
    }

    /// <summary>Neutron's _drop_dhcp_rule (iptables_firewall.py): an instance may not answer as a DHCP or DHCPv6 server, whatever its rules.</summary>
    [Fact]
    public async Task A_dhcp_server_reply_leaving_a_port_is_dropped_though_its_rules_allow_all_egress()
    {
        var target = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "open-for-dhcp", OpenToTcp7000)]);
        var rogue = await lab.InstanceAsync();
        target.StartEchoServers(68);
        target.StartEchoServers(546);
        target.StartEchoServers(7000);
        await lab.ConvergedAsync();

        Assert.True(await AgentLab.EventuallyAsync(() => rogue.UdpEchoesAsync(target.IPv4, 7000, sourcePort: 67)), "from port 67 to another port than 68");
        Assert.False(await rogue.UdpEchoesAsync(target.IPv4, 68, sourcePort: 67), "a DHCP server reply (67 to 68)");
        Assert.False(await rogue.UdpEchoesAsync(target.IPv6, 546, sourcePort: 547), "a DHCPv6 server reply (547 to 546)");
    }

    /// <summary>Neutron's IPV6_RA_DROP (iptables_firewall.py): an instance may not act as a router; a router solicitation is infrastructure both ways.</summary>
    [Fact]
    public async Task A_router_advertisement_leaving_a_port_is_dropped_though_its_rules_allow_all_egress()
    {
        var target = await lab.InstanceAsync();
        var rogue = await lab.InstanceAsync();
        await lab.ConvergedAsync();

        Assert.True(await AgentLab.EventuallyAsync(() => IcmpV6ArrivesAsync(rogue, target, type: 133)), "a router solicitation");
        Assert.False(await IcmpV6ArrivesAsync(rogue, target, type: 134), "a router advertisement");
    }

    /// <summary>Sends ICMPv6 messages of <paramref name="type"/> from one instance to the other's address over a raw socket, and reports whether one arrived.</summary>
    private static async Task<bool> IcmpV6ArrivesAsync(LabInstance from, LabInstance to, int type)
    {
        const string Receive = """
            import select, socket, sys, time
            s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
            print("ready", flush=True)
            end = time.time() + 3
            while time.time() < end:
                if select.select([s], [], [], 0.2)[0]:
                    data, address = s.recvfrom(2048)
                    if data[0] == int(sys.argv[1]) and address[0] == sys.argv[2]:
                        sys.exit(0)
            sys.exit(1)
            """;
        const string Send = """
            import socket, sys, time
            s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
            for _ in range(5):
                s.sendto(bytes([int(sys.argv[1]), 0, 0, 0]) + bytes(12), (sys.argv[2], 0))
                time.sleep(0.2)
            """;
        var t = type.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var receiver = to.StartInNamespace("python3", "-c", Receive, t, from.IPv6.ToString());
        await receiver.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await from.ExecAsync(TimeSpan.FromSeconds(30), "python3", "-c", Send, t, to.IPv6.ToString());
        await receiver.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return receiver.ExitCode == 0;
    }

    /// <summary>docs/architecture.md, "Semantics decided": protocol 0 is any protocol in the kernel as in explain.</summary>
    [Fact]
    public async Task A_rule_for_protocol_0_admits_tcp_and_udp()
    {
        var server = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "protocol-zero",
        [
            new { direction = "ingress", ethertype = "IPv4", protocol = "0" },
            new { direction = "ingress", ethertype = "IPv6", protocol = "0" },
        ])]);
        var client = await lab.InstanceAsync();
        server.StartEchoServers(7000);
        await lab.ConvergedAsync();

        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)), "TCP over IPv4");
        Assert.True(await AgentLab.EventuallyAsync(() => client.UdpEchoesAsync(server.IPv6, 7000)), "UDP over IPv6");
    }

    [Fact]
    public async Task Packets_from_an_address_that_is_not_the_ports_own_are_dropped()
    {
        var server = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "spoof-target", OpenToTcp7000)]);
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "spoofers", [])]);
        const string SpoofedV4 = "198.18.10.250";
        const string SpoofedV6 = "2001:db8:10::250";
        await lab.Network.AddVirtualAddressAsync(client, SpoofedV4);
        await lab.Network.AddVirtualAddressAsync(client, SpoofedV6);
        server.StartEchoServers(7000);
        await lab.ConvergedAsync();

        Assert.True(await AgentLab.EventuallyAsync(() => client.UdpEchoesAsync(server.IPv4, 7000)), "from its own IPv4 address");
        Assert.True(await AgentLab.EventuallyAsync(() => client.UdpEchoesAsync(server.IPv6, 7000)), "from its own IPv6 address");
        Assert.False(await client.UdpEchoesAsync(server.IPv4, 7000, IPAddress.Parse(SpoofedV4)), "from a spoofed IPv4 address");
        Assert.False(await client.UdpEchoesAsync(server.IPv6, 7000, IPAddress.Parse(SpoofedV6)), "from a spoofed IPv6 address");
    }

    [Fact]
    public async Task Ports_of_a_subnet_that_allows_intra_subnet_traffic_reach_each_other_without_a_rule()
    {
        var shared = await lab.SubnetsAsync("198.19.20.0/24", "2001:db8:20::/64", intraSubnet: true);
        var closed = await lab.Api.GroupAsync(lab.ProjectId, "no-ingress", []);
        var first = await lab.InstanceAsync([closed], shared);
        var neighbour = await lab.InstanceAsync([closed], shared);
        var stranger = await lab.InstanceAsync([closed]);
        first.StartEchoServers(7000);
        await lab.ConvergedAsync();

        Assert.True(await AgentLab.EventuallyAsync(() => neighbour.TcpConnectsAsync(first.IPv4, 7000)), "TCP over IPv4 within the subnet");
        Assert.True(await AgentLab.EventuallyAsync(() => neighbour.UdpEchoesAsync(first.IPv6, 7000)), "UDP over IPv6 within the subnet");
        Assert.True(await AgentLab.EventuallyAsync(() => neighbour.PingAsync(first.IPv4)), "ICMP within the subnet");
        Assert.False(await stranger.TcpConnectsAsync(first.IPv4, 7000), "TCP from another subnet, which no rule allows");
        Assert.False(await stranger.PingAsync(first.IPv6), "ICMPv6 from another subnet");
    }

    [Fact]
    public async Task A_stateless_group_lets_replies_back_only_through_a_rule()
    {
        var server = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "stateless-server", OpenToTcp7000, stateful: false)]);
        var clients = await lab.Api.GroupAsync(lab.ProjectId, "stateless-client", [], stateful: false);
        var client = await lab.InstanceAsync([clients]);
        server.StartEchoServers(7000);
        await lab.ConvergedAsync();

        // The server's group allows all egress, so its replies leave; the client's has no ingress rule and no conntrack to let them in.
        Assert.False(await client.TcpConnectsAsync(server.IPv4, 7000), "a reply entered a stateless port without a rule");
        Assert.False(await client.UdpEchoesAsync(server.IPv6, 7000), "a UDP reply entered a stateless port without a rule");

        await lab.Api.RuleAsync(clients, new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", remote_ip_prefix = $"{server.IPv4}/32" });
        await lab.Api.RuleAsync(clients, new { direction = "ingress", ethertype = "IPv6", protocol = "udp", remote_ip_prefix = $"{server.IPv6}/128" });
        await lab.ConvergedAsync();

        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)), "TCP over IPv4 with a rule for the replies");
        Assert.True(await AgentLab.EventuallyAsync(() => client.UdpEchoesAsync(server.IPv6, 7000)), "UDP over IPv6 with a rule for the replies");
    }
}
