using System.Diagnostics;
using Palisade.Agent.Tests.Lab;
using Xunit.Abstractions;

namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>A lab whose periodic reconcile waits an hour: within a test's bounds only the watch on the table's changes can repair drift.</summary>
public sealed class DriftLab : AgentLab
{
    protected override IEnumerable<string> AgentArguments(string scratch) => ["--Palisade:Agent:ReconcileInterval=01:00:00"];
}

/// <summary>
/// Drift is repaired as soon as the table changes, not at the next periodic check: the window in
/// which a port is unfiltered is measured (and printed) from the moment the change is committed
/// (nft returned) to the moment the agent counts the repair; it is asserted only against a
/// generous bound, the suite runs under load.
/// </summary>
public sealed class DriftRepairTests(DriftLab lab, ITestOutputHelper output) : IClassFixture<DriftLab>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static readonly object[] Tcp7000 =
    [
        new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7000, port_range_max = 7000 },
    ];

    [Theory]
    [InlineData("table deleted", "delete table inet palisade")]
    [InlineData("chain flushed", "flush chain inet palisade forward_ingress")]
    [InlineData("accept rule inserted", "insert rule inet palisade forward_ingress accept")]
    public async Task Drift_is_repaired_as_soon_as_the_table_changes(string drift, string command)
    {
        var (server, client) = await ServerAndClientAsync(drift);
        var repairs = lab.Agent.DriftRepairs;

        var changed = await lab.Network.ExecInHostAsync(["nft", .. command.Split(' ')]);
        var window = await RepairWindowAsync(repairs);

        Assert.True(changed.Succeeded, changed.Error);
        Assert.True(window is not null, $"{drift}: not repaired within {Bound.TotalSeconds} s");
        output.WriteLine($"{drift}: repaired {window.Value.TotalMilliseconds:F0} ms after the change");
        Assert.False(await client.TcpConnectsAsync(server.IPv4, 7001), $"{drift}: TCP to a closed port after the repair");
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)), $"{drift}: TCP to an open port after the repair");
    }

    [Fact]
    public async Task A_monitor_that_dies_is_restarted_and_drift_made_while_it_was_down_is_repaired()
    {
        var (server, client) = await ServerAndClientAsync("monitor");
        Assert.True(await NetworkLab.EventuallyAsync(() => Task.FromResult(lab.Monitor.ProcessId is not null), Bound), "no monitor runs");
        var starts = lab.Agent.MonitorStarts;
        var repairs = lab.Agent.DriftRepairs;

        using (var monitor = Process.GetProcessById(lab.Monitor.ProcessId!.Value))
        {
            monitor.Kill();
        }

        var deleted = await lab.Network.ExecInHostAsync("nft", "delete", "table", "inet", "palisade");
        var window = await RepairWindowAsync(repairs);

        Assert.True(deleted.Succeeded, deleted.Error);
        Assert.True(window is not null, "the table deleted while the monitor was down is not restored");
        output.WriteLine($"monitor killed, table deleted: repaired {window.Value.TotalMilliseconds:F0} ms after the change");
        Assert.True(lab.Agent.MonitorStarts > starts, "the monitor was not restarted");
        Assert.False(await client.TcpConnectsAsync(server.IPv4, 7001), "TCP to a closed port after the repair");
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)), "TCP to an open port after the repair");
    }

    private async Task<(LabInstance Server, LabInstance Client)> ServerAndClientAsync(string name)
    {
        var server = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "drift-" + name, Tcp7000)]);
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "drift-clients-" + name, [])]);
        server.StartEchoServers(7000);
        server.StartEchoServers(7001);
        await lab.ConvergedAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)), "before the drift");
        Assert.False(await client.TcpConnectsAsync(server.IPv4, 7001), "before the drift");
        return (server, client);
    }

    /// <summary>How long after now the agent counts a repair past <paramref name="repairs"/>; null if not within the bound.</summary>
    private async Task<TimeSpan?> RepairWindowAsync(long repairs)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Bound)
        {
            if (lab.Agent.DriftRepairs > repairs)
            {
                return clock.Elapsed;
            }

            await Task.Delay(5);
        }

        return null;
    }
}
