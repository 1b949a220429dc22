using System.Net;

namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>Remote groups and the project's default group, on real traffic.</summary>
public sealed class RemoteGroupTests(AgentLab lab) : IClassFixture<AgentLab>
{
    [Fact]
    public async Task A_member_joining_and_leaving_a_remote_group_is_applied_as_set_elements_without_a_full_reload()
    {
        // The client may send from a VIP (an allowed address pair); the VIP joins the "members" group
        // when a port on another host takes it as its fixed IP. On this host only set elements change.
        var members = await lab.Api.GroupAsync(lab.ProjectId, "members", []);
        var server = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "members-only",
        [
            new { direction = "ingress", ethertype = "IPv4", protocol = "udp", port_range_min = 7000, port_range_max = 7000, remote_group_id = members },
            new { direction = "ingress", ethertype = "IPv6", protocol = "udp", port_range_min = 7000, port_range_max = 7000, remote_group_id = members },
        ])]);
        const string VipV4 = "198.18.10.200";
        const string VipV6 = "2001:db8:10::200";
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "vip-holders", [])], addressPairs: [VipV4, VipV6]);
        await lab.Network.AddVirtualAddressAsync(client, VipV4);
        await lab.Network.AddVirtualAddressAsync(client, VipV6);
        server.StartEchoServers(7000);
        await lab.ConvergedAsync();
        Assert.False(await client.UdpEchoesAsync(server.IPv4, 7000, IPAddress.Parse(VipV4)), "the VIP is not a member yet");

        var full = lab.Agent.FullApplies;
        var elements = lab.Agent.ElementApplies;
        var elsewhere = await lab.Api.PostAsync("/api/v1/ports", new
        {
            project_id = lab.ProjectId,
            network_id = lab.NetworkId,
            host = "another-host",
            fixed_ips = new[] { new { subnet_id = lab.Subnets.V4, ip_address = VipV4 }, new { subnet_id = lab.Subnets.V6, ip_address = VipV6 } },
            security_groups = new[] { members },
        });
        await lab.ConvergedAsync();

        Assert.True(await AgentLab.EventuallyAsync(() => client.UdpEchoesAsync(server.IPv4, 7000, IPAddress.Parse(VipV4))), "UDP over IPv4 from a member");
        Assert.True(await AgentLab.EventuallyAsync(() => client.UdpEchoesAsync(server.IPv6, 7000, IPAddress.Parse(VipV6))), "UDP over IPv6 from a member");
        Assert.False(await client.UdpEchoesAsync(server.IPv4, 7000), "the client's own address is still no member");

        await lab.Api.DeleteAsync($"/api/v1/ports/{(string)elsewhere["id"]!}");
        await lab.ConvergedAsync();

        Assert.False(await client.UdpEchoesAsync(server.IPv6, 7000, IPAddress.Parse(VipV6)), "a member that left still gets in");
        Assert.Equal(full, lab.Agent.FullApplies);
        Assert.Equal(elements + 2, lab.Agent.ElementApplies);
    }

    [Fact]
    public async Task Ports_without_a_group_get_the_default_group_which_admits_its_members_only()
    {
        var first = await lab.InstanceAsync();
        var second = await lab.InstanceAsync();
        var outsider = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "outsiders", [])]);
        first.StartEchoServers(7000);
        await lab.ConvergedAsync();

        Assert.True(await AgentLab.EventuallyAsync(() => second.TcpConnectsAsync(first.IPv4, 7000)), "TCP over IPv4 between default-group members");
        Assert.True(await AgentLab.EventuallyAsync(() => second.PingAsync(first.IPv6)), "ICMPv6 between default-group members");
        Assert.False(await outsider.TcpConnectsAsync(first.IPv4, 7000), "TCP from outside the default group");
        Assert.False(await outsider.PingAsync(first.IPv6), "ICMPv6 from outside the default group");
    }
}
