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
        Assert.Equal(4, port["rules"]!.AsArray().Count);
        Assert.Equal([project.Address(30) + "/32"], port["remote_groups"]![project.DefaultGroupId]!.AsArray().Select(m => (string)m!));
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
        Assert.Equal(5, answer["ports"]![0]!["rules"]!.AsArray().Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "answered on the write, not at the end of the wait");
    }

    [Fact]
    public async Task A_long_poll_with_nothing_new_answers_with_the_same_revision_when_the_wait_is_over()
    {
        var (_, host, _) = await HostWithPortAsync();
        var revision = (long)(await server.GetAsync("/healthz"))["revision"]!;
        var answer = await server.GetAsync($"/api/v1/hosts/{host}-idle/policy?since={revision + 1000}&wait=300ms");
        Assert.Empty(answer["ports"]!.AsArray());
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
