using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.FlowLogs;

/// <summary>
/// <c>POST /api/v1/hosts/{host}/flow-logs</c> (the agents' side) and <c>GET /api/v1/flow-logs</c>
/// through HTTP, on both stores (docs/flow-logs.md).
/// </summary>
public abstract class FlowLogsApiTests(ServerFixture server)
{
    private sealed record Host(TestProject Project, string Name, string PortId, string RuleId);

    private async Task<Host> HostWithLoggedRuleAsync()
    {
        var project = await server.NewProjectAsync();
        var host = "hv-" + Guid.NewGuid().ToString("N")[..8];
        var port = await server.PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = project.Address(30) } },
            host,
        });
        var rule = await server.PostAsync($"/api/v1/security-groups/{project.DefaultGroupId}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22, log = true });
        return new Host(project, host, (string)port["id"]!, (string)rule[0]!["id"]!);
    }

    private static object Record(Host host, string verdict = "allow", int destinationPort = 22, string? source = null, DateTimeOffset? at = null) => new
    {
        port_id = host.PortId,
        group_id = verdict == "allow" ? host.Project.DefaultGroupId : null,
        rule_id = verdict == "allow" ? host.RuleId : null,
        direction = "ingress",
        verdict,
        protocol = 6,
        source = source ?? "198.51.100.7",
        destination = host.Project.Address(30),
        source_port = 40000,
        destination_port = destinationPort,
        packets = 3,
        bytes = 180,
        first_seen = at ?? DateTimeOffset.UtcNow,
        last_seen = (at ?? DateTimeOffset.UtcNow).AddSeconds(1),
    };

    private Task<JsonNode> IngestAsync(Host host, params object[] records) =>
        server.PostAsync($"/api/v1/hosts/{host.Name}/flow-logs", new { records, suppressed = 0, dropped = 0 }, 200);

    private static JsonArray Items(JsonNode page) => page["flow_logs"]!.AsArray();

    [Fact]
    public async Task Records_an_agent_posts_are_read_back_by_port_with_their_attribution()
    {
        var host = await HostWithLoggedRuleAsync();
        await IngestAsync(host, Record(host), Record(host, "drop", 3306));

        var records = Items(await server.GetAsync($"/api/v1/flow-logs?port_id={host.PortId}"));

        Assert.Equal(["allow", "drop"], records.Select(r => (string)r!["verdict"]!));
        Assert.Equal(host.RuleId, (string)records[0]!["rule_id"]!);
        Assert.Equal(host.Project.DefaultGroupId, (string)records[0]!["security_group_id"]!);
        Assert.Equal(host.Project.Id, (string)records[0]!["project_id"]!);
        Assert.Equal("tcp", (string)records[0]!["protocol"]!);
        Assert.Equal(3, (long)records[0]!["packets"]!);
    }

    [Fact]
    public async Task Storing_records_does_not_raise_the_revision()
    {
        var host = await HostWithLoggedRuleAsync();
        var before = await server.RevisionAsync();

        await IngestAsync(host, Record(host));

        Assert.Equal(before, await server.RevisionAsync());
    }

    [Theory]
    [InlineData("verdict=drop", "drop")]
    [InlineData("verdict=allow", "allow")]
    public async Task The_verdict_filter_keeps_only_that_verdict(string filter, string verdict)
    {
        var host = await HostWithLoggedRuleAsync();
        await IngestAsync(host, Record(host), Record(host, "drop", 3306));

        var records = Items(await server.GetAsync($"/api/v1/flow-logs?port_id={host.PortId}&{filter}"));

        Assert.Equal([verdict], records.Select(r => (string)r!["verdict"]!));
    }

    [Fact]
    public async Task The_rule_and_group_filters_keep_the_records_of_that_rule()
    {
        var host = await HostWithLoggedRuleAsync();
        await IngestAsync(host, Record(host), Record(host, "drop", 3306));

        var byRule = Items(await server.GetAsync($"/api/v1/flow-logs?rule_id={host.RuleId}"));
        var byGroup = Items(await server.GetAsync($"/api/v1/flow-logs?security_group_id={host.Project.DefaultGroupId}"));

        Assert.Equal([22, 22], [.. byRule.Concat(byGroup).Select(r => (int)r!["destination_port"]!)]);
    }

    [Fact]
    public async Task The_time_range_keeps_the_records_whose_window_overlaps_it()
    {
        var host = await HostWithLoggedRuleAsync();
        var early = DateTimeOffset.UtcNow.AddHours(-2);
        await IngestAsync(host, Record(host, source: "198.51.100.1", at: early), Record(host, source: "198.51.100.2"));
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));
        var until = Uri.EscapeDataString(early.AddMinutes(1).ToString("O"));

        var recent = Items(await server.GetAsync($"/api/v1/flow-logs?port_id={host.PortId}&since={since}"));
        var old = Items(await server.GetAsync($"/api/v1/flow-logs?port_id={host.PortId}&until={until}"));

        Assert.Equal(["198.51.100.2", "198.51.100.1"], [(string)recent.Single()!["source"]!, (string)old.Single()!["source"]!]);
    }

    [Fact]
    public async Task Paging_with_the_cursor_reads_every_record_once_in_order()
    {
        var host = await HostWithLoggedRuleAsync();
        await IngestAsync(host, [.. Enumerable.Range(1, 5).Select(i => Record(host, source: $"198.51.100.{i}"))]);

        var seen = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var answer = await server.GetAsync($"/api/v1/flow-logs?port_id={host.PortId}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            if (Items(answer).Count == 0)
            {
                break;
            }

            seen.AddRange(Items(answer).Select(r => (string)r!["source"]!));
            cursor = (string)answer["next_cursor"]!;
        }

        Assert.Equal([.. Enumerable.Range(1, 5).Select(i => $"198.51.100.{i}")], seen);
    }

    [Fact]
    public async Task A_member_of_another_project_sees_none_of_the_records()
    {
        var host = await HostWithLoggedRuleAsync();
        await IngestAsync(host, Record(host));
        var other = await server.NewProjectAsync();
        using var outsider = await server.ClientForAsync(other.Id, "member");
        using var insider = await server.ClientForAsync(host.Project.Id, "member");

        var theirs = Items(await server.GetAsync($"/api/v1/flow-logs?port_id={host.PortId}", caller: outsider));
        var ours = Items(await server.GetAsync($"/api/v1/flow-logs?port_id={host.PortId}", caller: insider));

        Assert.Equal((0, 1), (theirs.Count, ours.Count));
    }

    [Fact]
    public async Task Only_a_platform_admin_may_post_records()
    {
        var host = await HostWithLoggedRuleAsync();
        using var member = await server.ClientForAsync(host.Project.Id, "admin");

        await server.SendAsync(HttpMethod.Post, $"/api/v1/hosts/{host.Name}/flow-logs", new { records = new[] { Record(host) } }, 403, member);
    }

    [Fact]
    public async Task A_record_of_a_port_on_another_host_is_ignored()
    {
        var host = await HostWithLoggedRuleAsync();

        var answer = await server.PostAsync($"/api/v1/hosts/elsewhere/flow-logs", new { records = new[] { Record(host) } }, 200);

        Assert.Equal((0, 1), ((int)answer["stored"]!, (int)answer["ignored"]!));
    }

    [Theory]
    [InlineData("verdict", "maybe")]
    [InlineData("source", "not-an-address")]
    [InlineData("direction", "sideways")]
    [InlineData("protocol", 300)]
    [InlineData("destination_port", 70000)]
    [InlineData("packets", 0)]
    public async Task A_batch_with_a_bad_record_is_refused_naming_the_field_and_stores_nothing(string field, object value)
    {
        var host = await HostWithLoggedRuleAsync();
        var bad = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Record(host)))!.AsObject();
        bad[field] = JsonValue.Create(value);

        var problem = await server.PostAsync($"/api/v1/hosts/{host.Name}/flow-logs", new { records = new object[] { Record(host), bad } }, 400);

        Assert.NotNull(problem["errors"]![$"records[1].{field}"]);
        Assert.Empty(Items(await server.GetAsync($"/api/v1/flow-logs?port_id={host.PortId}")));
    }

    [Theory]
    [InlineData("verdict=deny", "verdict")]
    [InlineData("since=yesterday", "since")]
    [InlineData("until=2026-12-05T09:00:00", "until")]
    [InlineData("since=2026-12-05T10:00:00Z&until=2026-12-05T09:00:00Z", "until")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("port_id=%00", "port_id")]
    public async Task A_bad_filter_is_refused_naming_it(string query, string field)
    {
        var problem = await server.GetAsync($"/api/v1/flow-logs?{query}", 400);

        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Log_drops_set_on_a_port_reaches_its_host_feed()
    {
        var host = await HostWithLoggedRuleAsync();

        var port = await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{host.PortId}/log-drops", new { log_drops = true }, 200);
        var feed = await server.GetAsync($"/api/v1/hosts/{host.Name}/policy");

        Assert.True((bool)port!["log_drops"]!);
        Assert.True((bool)feed["ports"]![0]!["log_drops"]!);
    }

    [Fact]
    public async Task Log_drops_without_a_value_is_refused()
    {
        var host = await HostWithLoggedRuleAsync();

        var problem = await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{host.PortId}/log-drops", new { }, 400);

        Assert.NotNull(problem!["errors"]!["log_drops"]);
    }
}

public sealed class FlowLogsApiTestsOnSqlite(SqliteServerFixture server) : FlowLogsApiTests(server), IClassFixture<SqliteServerFixture>;

public sealed class FlowLogsApiTestsOnPostgres(PostgresServerFixture server) : FlowLogsApiTests(server), IClassFixture<PostgresServerFixture>;
