using System.Text.Json.Nodes;

namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>A stateful group's rules on real TCP, UDP and ICMP traffic, both families, through the real agent.</summary>
public sealed class StatefulGroupTests(AgentLab lab) : IClassFixture<AgentLab>
{
    private static readonly object[] WebRules =
    [
        new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7000, port_range_max = 7000 },
        new { direction = "ingress", ethertype = "IPv6", protocol = "tcp", port_range_min = 7000, port_range_max = 7000 },
        new { direction = "ingress", ethertype = "IPv4", protocol = "udp", port_range_min = 7000, port_range_max = 7000 },
        new { direction = "ingress", ethertype = "IPv6", protocol = "udp", port_range_min = 7000, port_range_max = 7000 },
        new { direction = "ingress", ethertype = "IPv4", protocol = "icmp" },
        new { direction = "ingress", ethertype = "IPv6", protocol = "ipv6-icmp" },
    ];

    [Fact]
    public async Task Allowed_flows_pass_their_replies_return_and_everything_else_is_dropped()
    {
        var web = await lab.Api.GroupAsync(lab.ProjectId, "web", WebRules);
        var clients = await lab.Api.GroupAsync(lab.ProjectId, "clients", []);
        var server = await lab.InstanceAsync([web]);
        var client = await lab.InstanceAsync([clients]);
        server.StartEchoServers(7000);
        server.StartEchoServers(7001);
        client.StartEchoServers(7000);
        await lab.ConvergedAsync();

        // The client's group has no ingress rule: every reply below comes back through conntrack only.
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)), "TCP over IPv4 to an allowed port");
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv6, 7000)), "TCP over IPv6 to an allowed port");
        Assert.True(await AgentLab.EventuallyAsync(() => client.UdpEchoesAsync(server.IPv4, 7000)), "UDP over IPv4");
        Assert.True(await AgentLab.EventuallyAsync(() => client.UdpEchoesAsync(server.IPv6, 7000)), "UDP over IPv6");
        Assert.True(await AgentLab.EventuallyAsync(() => client.PingAsync(server.IPv4)), "ICMP echo over IPv4");
        Assert.True(await AgentLab.EventuallyAsync(() => client.PingAsync(server.IPv6)), "ICMPv6 echo");

        Assert.False(await client.TcpConnectsAsync(server.IPv4, 7001), "TCP over IPv4 to a port no rule allows");
        Assert.False(await client.TcpConnectsAsync(server.IPv6, 7001), "TCP over IPv6 to a port no rule allows");
        Assert.False(await client.UdpEchoesAsync(server.IPv4, 7001), "UDP to a port no rule allows");
        Assert.False(await server.TcpConnectsAsync(client.IPv4, 7000), "into the client, which allows no ingress (IPv4)");
        Assert.False(await server.UdpEchoesAsync(client.IPv6, 7000), "into the client, which allows no ingress (IPv6)");
        Assert.False(await server.PingAsync(client.IPv4), "ping into the client");
    }

    [Fact]
    public async Task Port_status_shows_enforced_at_the_applied_revision_and_rules_show_their_hits()
    {
        var web = await lab.Api.GroupAsync(lab.ProjectId, "counted", WebRules);
        var server = await lab.InstanceAsync([web]);
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "counting-clients", [])]);
        server.StartEchoServers(7000);
        await lab.ConvergedAsync();
        var revision = await lab.Api.RevisionAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)));

        JsonNode status = new JsonObject();
        Assert.True(await AgentLab.EventuallyAsync(async () =>
        {
            status = await lab.Api.GetAsync($"/api/v1/ports/{lab.PortIds[server]}/status");
            return (bool)status["enforced"]! && (long?)status["applied_revision"] >= revision;
        }), status.ToJsonString());
        Assert.Null((string?)status["error"]);

        var tcpRule = (JsonNode?)null;
        Assert.True(await AgentLab.EventuallyAsync(async () =>
        {
            var rules = (await lab.Api.GetAsync($"/api/v1/security-groups/{web}/rules")).AsArray();
            tcpRule = rules.Single(r => (string?)r!["protocol"] == "tcp" && (string)r!["ethertype"]! == "IPv4");
            return (long?)tcpRule!["hit_packets"] > 0;
        }), tcpRule?.ToJsonString());
        Assert.True((long)tcpRule!["hit_bytes"]! > 0);
    }

    [Fact]
    public async Task Deleting_the_rule_that_allowed_an_open_connection_cuts_it()
    {
        var group = await lab.Api.GroupAsync(lab.ProjectId, "sessions", []);
        var kept = await lab.Api.RuleAsync(group, new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7001, port_range_max = 7001 });
        var v4 = await lab.Api.RuleAsync(group, new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7000, port_range_max = 7000 });
        var v6 = await lab.Api.RuleAsync(group, new { direction = "ingress", ethertype = "IPv6", protocol = "tcp", port_range_min = 7000, port_range_max = 7000 });
        var server = await lab.InstanceAsync([group]);
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "session-clients", [])]);
        server.StartEchoServers(7000);
        server.StartEchoServers(7001);
        await lab.ConvergedAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)));
        await using var sessionV4 = await client.OpenSessionAsync(server.IPv4, 7000);
        await using var sessionV6 = await client.OpenSessionAsync(server.IPv6, 7000);
        await using var untouched = await client.OpenSessionAsync(server.IPv4, 7001);

        await lab.Api.DeleteAsync($"/api/v1/security-groups/{group}/rules/{v4}");
        await lab.Api.DeleteAsync($"/api/v1/security-groups/{group}/rules/{v6}");
        await lab.ConvergedAsync();

        Assert.False(await sessionV4.EchoesAsync("after the delete", TimeSpan.FromSeconds(3)), "the IPv4 session still passes data");
        Assert.False(await sessionV6.EchoesAsync("after the delete", TimeSpan.FromSeconds(3)), "the IPv6 session still passes data");
        Assert.True(await untouched.EchoesAsync("still allowed", TimeSpan.FromSeconds(3)), $"a session another rule ({kept}) allows was cut");
        Assert.True(lab.Agent.ConnectionsCut >= 2);
    }

    [Fact]
    public async Task A_disabled_group_contributes_no_rules_until_enabled_again()
    {
        var group = await lab.Api.GroupAsync(lab.ProjectId, "switchable", WebRules);
        var server = await lab.InstanceAsync([group]);
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "switch-clients", [])]);
        server.StartEchoServers(7000);
        await lab.ConvergedAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)));

        await lab.Api.SendAsync(HttpMethod.Patch, $"/api/v1/security-groups/{group}", new { status = "disabled" }, 200);
        await lab.ConvergedAsync();
        Assert.False(await client.TcpConnectsAsync(server.IPv4, 7000), "TCP over IPv4 through a disabled group");
        Assert.False(await client.PingAsync(server.IPv6), "ICMPv6 through a disabled group");

        await lab.Api.SendAsync(HttpMethod.Patch, $"/api/v1/security-groups/{group}", new { status = "enabled" }, 200);
        await lab.ConvergedAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv6, 7000)), "TCP over IPv6 once enabled");
    }
}
