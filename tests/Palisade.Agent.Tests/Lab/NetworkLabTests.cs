namespace Palisade.Agent.Tests.Lab;

/// <summary>
/// The lab itself, checked with a hand-written ruleset, so that an end-to-end failure later points
/// at the agent and not at the topology.
/// </summary>
public sealed class NetworkLabTests
{
    [Fact]
    public async Task Instances_reach_each_other_through_the_routing_host_over_IPv4_and_IPv6()
    {
        await using var lab = await NetworkLab.CreateAsync();
        var a = await lab.AddInstanceAsync("tapa", "198.18.1.10", "2001:db8:1::10");
        var b = await lab.AddInstanceAsync("tapb", "198.18.1.11", "2001:db8:1::11");
        b.StartEchoServers(7000);

        Assert.True(await NetworkLab.EventuallyAsync(() => a.PingAsync(b.IPv4), TimeSpan.FromSeconds(5)), "IPv4 ping");
        Assert.True(await NetworkLab.EventuallyAsync(() => a.PingAsync(b.IPv6), TimeSpan.FromSeconds(5)), "IPv6 ping");
        Assert.True(await NetworkLab.EventuallyAsync(() => a.TcpConnectsAsync(b.IPv4, 7000), TimeSpan.FromSeconds(5)), "TCP");
        Assert.True(await NetworkLab.EventuallyAsync(() => a.UdpEchoesAsync(b.IPv6, 7000), TimeSpan.FromSeconds(5)), "UDP over IPv6");
    }

    [Fact]
    public async Task A_forward_rule_in_the_host_namespace_drops_traffic_to_a_port()
    {
        await using var lab = await NetworkLab.CreateAsync();
        var a = await lab.AddInstanceAsync("tapa", "198.18.2.10", "2001:db8:2::10");
        var b = await lab.AddInstanceAsync("tapb", "198.18.2.11", "2001:db8:2::11");
        b.StartEchoServers(7001);
        Assert.True(await NetworkLab.EventuallyAsync(() => a.TcpConnectsAsync(b.IPv4, 7001), TimeSpan.FromSeconds(5)));

        var applied = await lab.NftAsync("""
            table inet lab {
                chain forward {
                    type filter hook forward priority 0; policy accept;
                    oifname "tapb" tcp dport 7001 drop
                }
            }
            """);

        Assert.True(applied.Succeeded, applied.Error);
        Assert.False(await a.TcpConnectsAsync(b.IPv4, 7001));
        Assert.True(await a.PingAsync(b.IPv4));
    }
}
