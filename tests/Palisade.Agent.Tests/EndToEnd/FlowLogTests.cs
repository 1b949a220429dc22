using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Agent.Tests.Lab;

namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>
/// Flow logs end to end (docs/flow-logs.md): real packets between lab namespaces hit a logged rule or
/// a port's implicit deny, the kernel hands them to NFLOG, the real agent reads, attributes and
/// ships them, and they are read back through <c>GET /api/v1/flow-logs</c>.
/// </summary>
public sealed class FlowLogTests(FlowLogLab lab) : IClassFixture<FlowLogLab>
{
    private static readonly TimeSpan RecordWait = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_connection_a_logged_rule_allows_is_recorded_as_allowed_by_that_rule()
    {
        var group = await lab.Api.GroupAsync(lab.ProjectId, "logged-ssh", [new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7100, port_range_max = 7100, log = true }]);
        var ruleId = await LoggedRuleAsync(group);
        var server = await lab.InstanceAsync([group]);
        var client = await lab.InstanceAsync();
        server.StartEchoServers(7100);
        await lab.ConvergedAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7100)), "the logged rule allows the connection");

        var record = await RecordAsync($"rule_id={ruleId}");

        Assert.Equal(
            ("allow", "ingress", lab.PortIds[server], group, "tcp", client.IPv4.ToString(), server.IPv4.ToString(), 7100),
            ((string)record["verdict"]!, (string)record["direction"]!, (string)record["port_id"]!, (string)record["security_group_id"]!, (string)record["protocol"]!,
             (string)record["source"]!, (string)record["destination"]!, (int)record["destination_port"]!));
    }

    [Fact]
    public async Task A_packet_the_implicit_deny_drops_on_a_port_with_log_drops_is_recorded_as_dropped()
    {
        var target = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "closed", [])]);
        var client = await lab.InstanceAsync();
        await lab.Api.SendAsync(HttpMethod.Put, $"/api/v1/ports/{lab.PortIds[target]}/log-drops", new { log_drops = true }, 200);
        await lab.ConvergedAsync();
        Assert.False(await client.UdpEchoesAsync(target.IPv6, 7200), "the port's implicit deny drops UDP to 7200");

        var record = await RecordAsync($"port_id={lab.PortIds[target]}&verdict=drop");

        Assert.Equal(
            ("drop", "ingress", "udp", client.IPv6.ToString(), target.IPv6.ToString(), 7200, JsonValueKind.Null),
            ((string)record["verdict"]!, (string)record["direction"]!, (string)record["protocol"]!, (string)record["source"]!, (string)record["destination"]!,
             (int)record["destination_port"]!, record["rule_id"]?.GetValueKind() ?? JsonValueKind.Null));
    }

    [Fact]
    public async Task A_port_without_log_drops_sends_nothing_to_the_flow_log_when_it_drops()
    {
        var quiet = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "closed-quiet", [])]);
        var logging = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "closed-logged", [])]);
        var client = await lab.InstanceAsync();
        await lab.Api.SendAsync(HttpMethod.Put, $"/api/v1/ports/{lab.PortIds[logging]}/log-drops", new { log_drops = true }, 200);
        await lab.ConvergedAsync();
        Assert.False(await client.TcpConnectsAsync(quiet.IPv4, 7300), "dropped without a log");
        Assert.False(await client.TcpConnectsAsync(logging.IPv4, 7300), "dropped with a log");

        // The logging port's record shows the agent shipped what it read meanwhile.
        await RecordAsync($"port_id={lab.PortIds[logging]}");

        Assert.Empty((await lab.Api.GetAsync($"/api/v1/flow-logs?port_id={lab.PortIds[quiet]}"))["flow_logs"]!.AsArray());
    }

    [Fact]
    public async Task A_flood_of_logged_packets_is_cut_to_the_agents_rate_and_the_rest_counted_as_suppressed()
    {
        // Stateless, so every echo request goes through the rules (a stateful group's conntrack would accept all but the first).
        var group = await lab.Api.GroupAsync(lab.ProjectId, "logged-ping", [new { direction = "ingress", ethertype = "IPv4", protocol = "icmp", log = true }], stateful: false);
        var ruleId = await LoggedRuleAsync(group);
        var target = await lab.InstanceAsync([group]);
        var client = await lab.InstanceAsync([group]);
        await lab.ConvergedAsync();
        var (readBefore, suppressedBefore) = (lab.Agent.FlowPackets, lab.Agent.FlowSuppressed);

        await client.ExecAsync(TimeSpan.FromSeconds(60), "ping", "-c", "400", "-i", "0.002", "-q", "-n", target.IPv4.ToString());
        await RecordAsync($"rule_id={ruleId}");
        var recorded = await RecordedPacketsAsync(ruleId);

        Assert.True(lab.Agent.FlowPackets - readBefore >= 400, $"the agent read {lab.Agent.FlowPackets - readBefore} logged packets of the 400 sent");
        Assert.True(recorded < 400, $"{recorded} of 400 packets recorded at {FlowLogLab.Rate} per second");
        Assert.True(lab.Agent.FlowSuppressed - suppressedBefore >= 400 - recorded, $"{lab.Agent.FlowSuppressed - suppressedBefore} suppressed, {recorded} recorded");
    }

    /// <summary>The group's logged rule (a new group also has the default egress rules).</summary>
    private async Task<string> LoggedRuleAsync(string group) =>
        (string)(await lab.Api.GetAsync($"/api/v1/security-groups/{group}/rules")).AsArray().Single(r => (bool)r!["log"]!)!["id"]!;

    private async Task<long> RecordedPacketsAsync(string ruleId)
    {
        // The flood's last windows ship within a few seconds; wait until the sum holds still.
        long last = -1;
        for (var i = 0; i < 30; i++)
        {
            var sum = (await lab.Api.GetAsync($"/api/v1/flow-logs?rule_id={ruleId}&limit=1000"))["flow_logs"]!.AsArray().Sum(r => (long)r!["packets"]!);
            if (sum == last)
            {
                return sum;
            }

            last = sum;
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        return last;
    }

    /// <summary>The first record matching <paramref name="query"/>, waited for (bounded): the agent ships once a window.</summary>
    private async Task<JsonNode> RecordAsync(string query)
    {
        JsonNode? found = null;
        Assert.True(await NetworkLab.EventuallyAsync(async () =>
        {
            found = (await lab.Api.GetAsync($"/api/v1/flow-logs?{query}"))["flow_logs"]!.AsArray().FirstOrDefault();
            return found is not null;
        }, RecordWait), $"no flow-log record for {query} (agent: {lab.Agent.FlowPackets} packets read, {lab.Agent.FlowUnattributed} unattributed, {lab.Agent.FlowRecordsShipped} records shipped, error: {lab.Agent.FlowLogError})");
        return found!;
    }
}

/// <summary>An <see cref="AgentLab"/> whose agent ships flow records every second and reads at most <see cref="Rate"/> logged packets a second.</summary>
public sealed class FlowLogLab : AgentLab
{
    public const int Rate = 50;

    protected override IEnumerable<string> AgentArguments(string scratch) =>
        ["--Palisade:Agent:FlowLogWindow=00:00:01", $"--Palisade:Agent:FlowLogRate={Rate}", $"--Palisade:Agent:FlowLogBurst={Rate}"];
}

/// <summary>While the server is down the agent keeps enforcing, and its full flow-log queue drops its oldest records, counted (docs/flow-logs.md).</summary>
public sealed class FlowLogQueueTests(FlowLogQueueLab lab) : IClassFixture<FlowLogQueueLab>
{
    [Fact]
    public async Task With_the_server_down_the_full_queue_drops_its_oldest_records_and_counts_them_and_ships_the_rest_once_it_is_back()
    {
        var target = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "closed-queue", [])]);
        var client = await lab.InstanceAsync();
        var portId = lab.PortIds[target];
        await lab.Api.SendAsync(HttpMethod.Put, $"/api/v1/ports/{portId}/log-drops", new { log_drops = true }, 200);
        await lab.ConvergedAsync();
        var droppedBefore = lab.Agent.FlowRecordsDropped;

        await lab.StopServerAsync();
        try
        {
            var dropped = await NetworkLab.EventuallyAsync(async () =>
            {
                foreach (var port in new[] { 7401, 7402, 7403 })
                {
                    await client.UdpEchoesAsync(target.IPv4, port);
                }

                return lab.Agent.FlowRecordsDropped > droppedBefore;
            }, TimeSpan.FromSeconds(60));
            Assert.True(dropped, $"no record dropped (agent: {lab.Agent.FlowPackets} packets read, {lab.Agent.FlowRecordsShipped} shipped)");
        }
        finally
        {
            await lab.StartServerAsync();
        }

        Assert.True(await NetworkLab.EventuallyAsync(
            async () => (await lab.Api.GetAsync($"/api/v1/flow-logs?port_id={portId}"))["flow_logs"]!.AsArray().Count > 0,
            TimeSpan.FromSeconds(60)), "the kept records reach the server once it is back");
    }
}

/// <summary>An <see cref="AgentLab"/> whose agent queues at most one flow record.</summary>
public sealed class FlowLogQueueLab : AgentLab
{
    protected override IEnumerable<string> AgentArguments(string scratch) =>
        ["--Palisade:Agent:FlowLogWindow=00:00:01", "--Palisade:Agent:FlowLogQueue=1", "--Palisade:Agent:FlowLogBatch=1"];
}
