namespace Palisade.Server.Tests;

/// <summary>The state of GET /api/v1/ports/{id}/status: no_host, agent_down, applying, in_sync, from the host's report and the server's clock.</summary>
public sealed class PortEnforcementStateTests(PortEnforcementStateTests.ClockFixture server) : IClassFixture<PortEnforcementStateTests.ClockFixture>
{
    public sealed class ClockFixture : SqliteServerFixture
    {
        public ManualClock ManualClock { get; } = new();

        protected override TimeProvider Clock => ManualClock;
    }

    private async Task<(string Host, string Port)> PortOnHostAsync(string? host)
    {
        var project = await server.NewProjectAsync();
        var port = await server.PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = project.Address(80) } },
            host,
        });
        return (host!, (string)port["id"]!);
    }

    private Task ReportAsync(string host, long revision, params string[] ports) =>
        server.SendAsync(HttpMethod.Put, $"/api/v1/hosts/{host}/status", new { applied_revision = revision, enforced_ports = ports, counters = Array.Empty<object>() }, 200);

    private async Task<string> StateAsync(string port) => (string)(await server.GetAsync($"/api/v1/ports/{port}/status"))["state"]!;

    private static string NewHost() => "hv-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_port_on_no_host_is_no_host() =>
        Assert.Equal("no_host", await StateAsync((await PortOnHostAsync(null)).Port));

    [Fact]
    public async Task A_port_whose_host_never_reported_is_agent_down() =>
        Assert.Equal("agent_down", await StateAsync((await PortOnHostAsync(NewHost())).Port));

    [Fact]
    public async Task A_host_that_applied_the_current_revision_with_the_port_is_in_sync()
    {
        var (host, port) = await PortOnHostAsync(NewHost());

        await ReportAsync(host, await server.RevisionAsync(), port);

        Assert.Equal("in_sync", await StateAsync(port));
    }

    [Fact]
    public async Task A_host_behind_the_current_revision_is_applying()
    {
        var (host, port) = await PortOnHostAsync(NewHost());

        await ReportAsync(host, await server.RevisionAsync() - 1);

        Assert.Equal("applying", await StateAsync(port));
    }

    [Fact]
    public async Task A_host_whose_last_report_is_over_a_minute_old_is_agent_down()
    {
        var (host, port) = await PortOnHostAsync(NewHost());
        await ReportAsync(host, await server.RevisionAsync(), port);

        server.ManualClock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal("agent_down", await StateAsync(port));
    }
}
