namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>A lab whose nft cannot monitor (as an nft built without it, or one the agent may not run so): every <c>nft monitor</c> fails at once.</summary>
public sealed class NoMonitorLab : AgentLab
{
    protected override IEnumerable<string> AgentArguments(string scratch)
    {
        var wrapper = Path.Combine(scratch, "nft-without-monitor");
        File.WriteAllText(wrapper, """
            #!/bin/sh
            if [ "$1" = "monitor" ]; then echo 'Error: monitor refused by the test' >&2; exit 1; fi
            exec nft "$@"

            """);
        if (OperatingSystem.IsLinux()) // the whole lab is Linux network namespaces
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return [$"--Palisade:Agent:Nft={wrapper}"];
    }
}

/// <summary>Without the watch on the table's changes the agent keeps running and the periodic reconcile still repairs drift.</summary>
public sealed class NoMonitorTests(NoMonitorLab lab) : IClassFixture<NoMonitorLab>
{
    [Fact]
    public async Task When_nft_monitor_cannot_run_the_periodic_reconcile_still_repairs_a_deleted_table()
    {
        var server = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "no-monitor", [new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7000, port_range_max = 7000 }])]);
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "no-monitor-clients", [])]);
        server.StartEchoServers(7000);
        server.StartEchoServers(7001);
        await lab.ConvergedAsync();
        Assert.True(await Lab.NetworkLab.EventuallyAsync(() => Task.FromResult(lab.Agent.MonitorStarts >= 2), TimeSpan.FromSeconds(60)), "the monitor is not retried");
        var repairs = lab.Agent.DriftRepairs;

        var deleted = await lab.Network.ExecInHostAsync("nft", "delete", "table", "inet", "palisade");

        Assert.True(deleted.Succeeded, deleted.Error);
        Assert.True(await Lab.NetworkLab.EventuallyAsync(() => Task.FromResult(lab.Agent.DriftRepairs > repairs), TimeSpan.FromSeconds(60)), "a deleted table is not restored");
        Assert.False(await client.TcpConnectsAsync(server.IPv4, 7001), "TCP to a closed port after the repair");
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)), "TCP to an open port after the repair");
        Assert.True(lab.AgentRunning, "the agent stopped");
    }
}
