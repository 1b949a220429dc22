using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

public abstract class HostsApiTests(ServerFixture server)
{
    private async Task<(TestProject Project, string Host, string PortId)> HostWithPortAsync()
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
        return (project, host, (string)port["id"]!);
    }

    [Fact]
    public async Task The_feed_holds_the_effective_policy_of_each_port_of_the_host()
    {
        var (project, host, portId) = await HostWithPortAsync();

        var feed = await server.GetAsync($"/api/v1/hosts/{host}/policy");
        var port = feed["ports"]![0]!;

        Assert.Equal(portId, (string)port["port_id"]!);
        Assert.Equal("tap" + portId[..11], (string)port["device"]!);
        Assert.Equal([project.DefaultGroupId], port["security_groups"]!.AsArray().Select(g => (string)g!));
        Assert.Empty(port["rules"]!.AsArray());
        Assert.Equal(4, feed["group_rules"]![project.DefaultGroupId]!.AsArray().Count);
        Assert.Empty(port["remote_groups"]![project.DefaultGroupId]!.AsArray());
        Assert.Equal([project.Address(30) + "/32"], feed["remote_groups"]![project.DefaultGroupId]!.AsArray().Select(m => (string)m!));
        Assert.Equal([project.Address(30) + "/32"], port["source_addresses"]!.AsArray().Select(m => (string)m!));
    }

    [Fact]
    public async Task A_long_poll_answers_as_soon_as_a_write_commits()
    {
        var (project, host, _) = await HostWithPortAsync();
        var revision = (long)(await server.GetAsync($"/api/v1/hosts/{host}/policy"))["revision"]!;

        var clock = Stopwatch.StartNew();
        var poll = server.GetAsync($"/api/v1/hosts/{host}/policy?since={revision}&wait=20s");
        await Task.Delay(200);
        Assert.False(poll.IsCompleted, "the poll must wait while nothing changes");
        await server.PostAsync($"/api/v1/security-groups/{project.DefaultGroupId}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22 });
        var answer = await poll;

        Assert.True((long)answer["revision"]! > revision);
        Assert.Equal(5, answer["group_rules"]!.AsObject().Sum(g => g.Value!.AsArray().Count));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "answered on the write, not at the end of the wait");
    }

    [Fact]
    public async Task A_long_poll_with_nothing_new_answers_with_the_same_revision_when_the_wait_is_over()
    {
        var (_, host, _) = await HostWithPortAsync();
        var revision = (long)(await server.GetAsync("/healthz"))["revision"]!;
        var answer = await server.GetAsync($"/api/v1/hosts/{host}-idle/policy?since={revision}&wait=300ms");
        Assert.Empty(answer["ports"]!.AsArray());
    }

    [Fact]
    public async Task A_long_poll_from_a_revision_the_store_has_not_reached_answers_at_once_with_the_stores_revision()
    {
        var (_, host, portId) = await HostWithPortAsync();
        var revision = await server.RevisionAsync();
        var bogus = revision + 1_000_000_000_000;

        // The store was restored, or the agent was handed a revision from elsewhere: waiting for the
        // store to pass that number would keep the agent on a stale policy for the whole wait.
        var poll = server.GetAsync($"/api/v1/hosts/{host}/policy?since={bogus}&wait=5m");
        var first = await Task.WhenAny(poll, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.Same(poll, first);
        var answer = await poll;
        Assert.InRange((long)answer["revision"]!, revision, bogus - 1);
        Assert.Equal(portId, (string)answer["ports"]![0]!["port_id"]!);
    }

    [Fact]
    public async Task An_agent_report_shows_the_port_enforced_and_the_rule_hits_without_raising_the_revision()
    {
        var (project, host, portId) = await HostWithPortAsync();
        var feed = await server.GetAsync($"/api/v1/hosts/{host}/policy");
        var ruleId = (string)feed["group_rules"]![project.DefaultGroupId]![0]!["id"]!;
        var before = await server.RevisionAsync();

        await server.SendAsync(HttpMethod.Put, $"/api/v1/hosts/{host}/status", new
        {
            applied_revision = (long)feed["revision"]!,
            enforced_ports = new[] { portId },
            counters = new[] { new { rule_id = ruleId, packets = 7, bytes = 420 } },
        }, 200);
        var status = await server.GetAsync($"/api/v1/ports/{portId}/status");
        var rules = await server.GetAsync($"/api/v1/security-groups/{project.DefaultGroupId}/rules");
        var hostStatus = await server.GetAsync($"/api/v1/hosts/{host}/status");

        Assert.True((bool)status["enforced"]!);
        Assert.Equal((long)feed["revision"]!, (long)status["applied_revision"]!);
        Assert.Equal(7, (long)rules.AsArray().Single(r => (string)r!["id"]! == ruleId)!["hit_packets"]!);
        Assert.Null(rules.AsArray().First(r => (string)r!["id"]! != ruleId)!["hit_packets"]);
        Assert.Equal(host, (string)hostStatus["host"]!);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task The_hosts_list_shows_an_agent_that_applied_an_older_revision_as_behind()
    {
        var (project, host, portId) = await HostWithPortAsync();
        var applied = await server.RevisionAsync();
        await server.SendAsync(HttpMethod.Put, $"/api/v1/hosts/{host}/status", new
        {
            applied_revision = applied,
            enforced_ports = new[] { portId },
            counters = Array.Empty<object>(),
            error = "nft: table busy",
        }, 200);
        await server.PostAsync($"/api/v1/security-groups/{project.DefaultGroupId}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22 });

        var hosts = await server.GetAsync("/api/v1/hosts");

        var listed = hosts.AsArray().Single(h => (string)h!["host"]! == host)!;
        Assert.Equal("behind", (string)listed["state"]!);
        Assert.Equal(applied, (long)listed["applied_revision"]!);
        Assert.True((long)listed["current_revision"]! > applied);
        Assert.Equal(1, (int)listed["ports"]!);
        Assert.Equal("nft: table busy", (string)listed["error"]!);
        Assert.NotNull(listed["reported_at"]);
    }

    [Fact]
    public async Task The_hosts_list_shows_an_agent_on_the_current_revision_as_in_sync_and_a_silent_host_as_not_reported()
    {
        var (_, host, portId) = await HostWithPortAsync();
        var (_, silent, _) = await HostWithPortAsync();
        await server.SendAsync(HttpMethod.Put, $"/api/v1/hosts/{host}/status", new
        {
            applied_revision = await server.RevisionAsync(),
            enforced_ports = new[] { portId },
            counters = Array.Empty<object>(),
        }, 200);

        var hosts = await server.GetAsync("/api/v1/hosts");

        Assert.Equal("in_sync", (string)hosts.AsArray().Single(h => (string)h!["host"]! == host)!["state"]!);
        Assert.Equal("not_reported", (string)hosts.AsArray().Single(h => (string)h!["host"]! == silent)!["state"]!);
    }

    [Fact]
    public async Task A_port_on_a_host_that_never_reported_is_not_enforced()
    {
        var (_, host, portId) = await HostWithPortAsync();

        var status = await server.GetAsync($"/api/v1/ports/{portId}/status");

        Assert.False((bool)status["enforced"]!);
        Assert.Null(status["applied_revision"]);
        await server.GetAsync($"/api/v1/hosts/{host}/status", 404);
    }

    [Theory]
    [InlineData("{\"applied_revision\": -1, \"enforced_ports\": [], \"counters\": []}", "applied_revision")]
    [InlineData("{\"applied_revision\": 1, \"counters\": []}", "enforced_ports")]
    [InlineData("{\"applied_revision\": 1, \"enforced_ports\": [], \"counters\": [{\"rule_id\": \"r\", \"packets\": -1, \"bytes\": 0}]}", "counters")]
    public async Task Bad_reports_are_refused_naming_the_field(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Client.PutAsync("/api/v1/hosts/h1/status", content);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Only_platform_admins_read_the_feed_and_report()
    {
        var (project, host, _) = await HostWithPortAsync();
        using var member = await server.ClientForAsync(project.Id, "member");

        await server.GetAsync($"/api/v1/hosts/{host}/policy", 403, member);
        await server.SendAsync(HttpMethod.Put, $"/api/v1/hosts/{host}/status", new { applied_revision = 1, enforced_ports = Array.Empty<string>(), counters = Array.Empty<object>() }, 403, member);
        await server.GetAsync("/api/v1/hosts", 403, member);
    }

    [Theory]
    [InlineData("since=-1", "since")]
    [InlineData("since=1&wait=forever", "wait")]
    [InlineData("since=1&wait=10m", "wait")]
    public async Task Bad_feed_parameters_are_refused_naming_them(string query, string field)
    {
        var problem = await server.GetAsync($"/api/v1/hosts/h/policy?{query}", 400);
        Assert.NotNull(problem["errors"]![field]);
    }
}

public sealed class HostsApiTestsOnSqlite(SqliteServerFixture server) : HostsApiTests(server), IClassFixture<SqliteServerFixture>;

public sealed class HostsApiTestsOnPostgres(PostgresServerFixture server) : HostsApiTests(server), IClassFixture<PostgresServerFixture>;
