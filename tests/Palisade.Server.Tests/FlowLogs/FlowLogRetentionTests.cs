using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.FlowLogs;

/// <summary>
/// Flow-log retention (docs/flow-logs.md) through <c>GET /api/v1/flow-logs</c>: a server keeping at
/// most <see cref="FlowLogRetentionSqliteFixture.MaxRecords"/> records and a day of them, pruning every
/// second, on a clock the tests move.
/// </summary>
public abstract class FlowLogRetentionTests(ServerFixture server, ManualClock clock)
{
    private async Task<(string Host, string PortId)> PortAsync()
    {
        var project = await server.NewProjectAsync();
        var host = "hv-" + Guid.NewGuid().ToString("N")[..8];
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, host });
        return (host, (string)port["id"]!);
    }

    private Task PostAsync(string host, string portId, int count, string tag) =>
        server.PostAsync($"/api/v1/hosts/{host}/flow-logs", new
        {
            records = Enumerable.Range(0, count).Select(i => new
            {
                port_id = portId, direction = "ingress", verdict = "drop", protocol = 17, source = $"198.51.100.{i + 1}", destination = "198.18.0.1",
                source_port = 5000 + i, destination_port = tag == "old" ? 1 : 2, packets = 1, bytes = 60, first_seen = clock.GetUtcNow(), last_seen = clock.GetUtcNow(),
            }).ToArray(),
        }, 200);

    [Fact]
    public async Task Records_beyond_the_newest_max_records_are_pruned_oldest_first()
    {
        var (host, port) = await PortAsync();
        await PostAsync(host, port, FlowLogRetentionSqliteFixture.MaxRecords + 5, "new");

        var kept = await RecordsOnceAsync(r => r.Count <= FlowLogRetentionSqliteFixture.MaxRecords, $"/api/v1/flow-logs?limit=1000");

        Assert.Equal(
            [.. Enumerable.Range(6, FlowLogRetentionSqliteFixture.MaxRecords).Select(i => $"198.51.100.{i}")],
            kept.Select(r => (string)r!["source"]!));
    }

    [Fact]
    public async Task Records_received_longer_ago_than_max_age_are_pruned_and_younger_ones_stay()
    {
        var (host, port) = await PortAsync();
        await PostAsync(host, port, 1, "old");
        clock.Advance(TimeSpan.FromHours(FlowLogRetentionSqliteFixture.MaxAgeHours + 1));
        await PostAsync(host, port, 1, "young");

        var kept = await RecordsOnceAsync(r => r.All(x => (int)x!["destination_port"]! == 2), $"/api/v1/flow-logs?port_id={port}");

        Assert.Equal([2], kept.Select(r => (int)r!["destination_port"]!));
    }

    /// <summary>The records at <paramref name="path"/> once <paramref name="pruned"/> holds (the pruner runs every second; bounded at 60 s).</summary>
    private async Task<JsonArray> RecordsOnceAsync(Func<JsonArray, bool> pruned, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var records = (await server.GetAsync(path))["flow_logs"]!.AsArray();
            if (pruned(records) || DateTime.UtcNow > deadline)
            {
                return records;
            }

            await Task.Delay(200);
        }
    }
}

public sealed class FlowLogRetentionSqliteFixture : SqliteServerFixture
{
    public const int MaxRecords = 4;
    public const int MaxAgeHours = 24;

    public ManualClock ManualClock { get; } = new();

    protected override TimeProvider Clock => ManualClock;

    protected override IEnumerable<string> Configuration =>
        [$"--Palisade:FlowLogs:MaxRecords={MaxRecords}", $"--Palisade:FlowLogs:MaxAgeHours={MaxAgeHours}", "--Palisade:FlowLogs:PruneIntervalSeconds=1"];
}

public sealed class FlowLogRetentionPostgresFixture : PostgresServerFixture
{
    public ManualClock ManualClock { get; } = new();

    protected override TimeProvider Clock => ManualClock;

    protected override IEnumerable<string> Configuration =>
        [$"--Palisade:FlowLogs:MaxRecords={FlowLogRetentionSqliteFixture.MaxRecords}", $"--Palisade:FlowLogs:MaxAgeHours={FlowLogRetentionSqliteFixture.MaxAgeHours}", "--Palisade:FlowLogs:PruneIntervalSeconds=1"];
}

public sealed class FlowLogRetentionTestsOnSqlite(FlowLogRetentionSqliteFixture server) : FlowLogRetentionTests(server, server.ManualClock), IClassFixture<FlowLogRetentionSqliteFixture>;

public sealed class FlowLogRetentionTestsOnPostgres(FlowLogRetentionPostgresFixture server) : FlowLogRetentionTests(server, server.ManualClock), IClassFixture<FlowLogRetentionPostgresFixture>;

public sealed class FlowLogSettingsTests
{
    [Theory]
    [InlineData("--Palisade:FlowLogs:MaxRecords=0")]
    [InlineData("--Palisade:FlowLogs:MaxAgeHours=-1")]
    [InlineData("--Palisade:FlowLogs:PruneIntervalSeconds=soon")]
    [InlineData("--Palisade:FlowLogs:MaxBatch=1.5")]
    public async Task A_flow_log_setting_that_is_not_a_positive_number_stops_the_server_at_start(string setting)
    {
        var directory = Directory.CreateTempSubdirectory("palisade-test-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                PalisadeServer.BuildAsync(["--Palisade:Urls=http://127.0.0.1:0", $"--Palisade:Database={Path.Combine(directory, "palisade.db")}", setting]));

            Assert.Contains(setting.Split('=')[0][2..], error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
