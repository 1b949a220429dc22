namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>The agent keeps the kernel right when someone else changes it and when the server goes away.</summary>
public sealed class ResilienceTests(AgentLab lab) : IClassFixture<AgentLab>
{
    private static readonly object[] Tcp7000 =
    [
        new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7000, port_range_max = 7000 },
        new { direction = "ingress", ethertype = "IPv6", protocol = "tcp", port_range_min = 7000, port_range_max = 7000 },
    ];

    [Fact]
    public async Task The_interface_of_a_port_the_server_no_longer_knows_is_dropped_not_allowed()
    {
        var server = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "forgotten", Tcp7000)]);
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "forgotten-clients", [])]);
        server.StartEchoServers(7000);
        await lab.ConvergedAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)));

        await lab.Api.DeleteAsync($"/api/v1/ports/{lab.PortIds[server]}");
        await lab.ConvergedAsync();

        Assert.False(await client.TcpConnectsAsync(server.IPv4, 7000));
    }

    [Fact]
    public async Task A_table_flushed_by_hand_is_restored_and_the_repair_reported()
    {
        var server = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "drift", Tcp7000)]);
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "drift-clients", [])]);
        server.StartEchoServers(7000);
        server.StartEchoServers(7001);
        await lab.ConvergedAsync();
        Assert.False(await client.TcpConnectsAsync(server.IPv4, 7001));
        var repairs = lab.Agent.DriftRepairs;

        var flushed = await lab.Network.ExecInHostAsync("nft", "flush", "table", "inet", "palisade");
        Assert.True(flushed.Succeeded, flushed.Error);

        Assert.True(await AgentLab.EventuallyAsync(() => Task.FromResult(lab.Agent.DriftRepairs > repairs)), "no drift repair");
        Assert.False(await client.TcpConnectsAsync(server.IPv4, 7001), "TCP to a closed port after the repair");
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv6, 7000)), "TCP to an open port after the repair");
        Assert.True(await AgentLab.EventuallyAsync(async () => (long)(await lab.Api.GetAsync($"/api/v1/hosts/{lab.HostName}/status"))["drift_repairs"]! > repairs),
            "the repair is reported");

        var deleted = await lab.Network.ExecInHostAsync("nft", "delete", "table", "inet", "palisade");
        Assert.True(deleted.Succeeded, deleted.Error);
        Assert.True(await AgentLab.EventuallyAsync(() => Task.FromResult(lab.Agent.DriftRepairs > repairs + 1)), "a deleted table is not restored");
        Assert.False(await client.TcpConnectsAsync(server.IPv4, 7001), "TCP to a closed port after the table came back");
    }

    [Fact]
    public async Task Without_its_server_the_agent_keeps_enforcing_and_converges_once_the_server_is_back()
    {
        var group = await lab.Api.GroupAsync(lab.ProjectId, "restart", Tcp7000);
        var server = await lab.InstanceAsync([group]);
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "restart-clients", [])]);
        server.StartEchoServers(7000);
        server.StartEchoServers(7001);
        await lab.ConvergedAsync();

        await lab.StopServerAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2)); // the agent has noticed: its poll failed and it is backing off
            Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)), "an allowed flow while the server is down");
            Assert.False(await client.TcpConnectsAsync(server.IPv4, 7001), "a dropped flow while the server is down");
            Assert.False(await client.TcpConnectsAsync(server.IPv6, 7001), "a dropped IPv6 flow while the server is down");
        }
        finally
        {
            await lab.StartServerAsync();
        }

        await lab.Api.RuleAsync(group, new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7001, port_range_max = 7001 });
        await lab.ConvergedAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7001)), "the change made after the restart");
    }
}
