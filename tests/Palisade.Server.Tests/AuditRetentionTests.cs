using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

/// <summary>
/// Audit retention through the audit events API: a server keeping at most
/// <see cref="AuditRetentionSqliteFixture.MaxEvents"/> events and a year of them, pruning every
/// second, on a clock the tests move.
/// </summary>
public abstract class AuditRetentionTests(ServerFixture server, ManualClock clock)
{
    [Fact]
    public async Task Events_beyond_the_newest_max_events_are_pruned_oldest_first()
    {
        var project = await server.NewProjectAsync();
        var group = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "g" }))["id"]!;
        const int updates = AuditRetentionSqliteFixture.MaxEvents + 10;
        for (var i = 0; i < updates; i++)
        {
            await server.SendAsync(HttpMethod.Patch, $"/api/v1/security-groups/{group}", new { description = $"d{i}" }, 200);
        }

        var events = await EventsOnceAsync(e => e.Count <= AuditRetentionSqliteFixture.MaxEvents, "/api/v1/audit-events?limit=1000");

        Assert.Equal(
            Enumerable.Range(updates - AuditRetentionSqliteFixture.MaxEvents, AuditRetentionSqliteFixture.MaxEvents).Reverse().Select(i => $"d{i}"),
            events.Select(e => (string)e!["after"]!["description"]!));
    }

    [Fact]
    public async Task Events_older_than_max_age_days_are_pruned_and_younger_ones_stay()
    {
        var project = await server.NewProjectAsync();
        var old = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "old" }))["id"]!;
        clock.Advance(TimeSpan.FromDays(AuditRetentionSqliteFixture.MaxAgeDays + 1));
        var young = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "young" }))["id"]!;

        var pruned = await EventsOnceAsync(e => e.Count == 0, $"/api/v1/audit-events?resource_id={old}");
        var kept = (await server.GetAsync($"/api/v1/audit-events?resource_id={young}"))["events"]!.AsArray();

        Assert.Empty(pruned);
        Assert.Equal(["security_group.create"], kept.Select(e => (string)e!["action"]!));
    }

    /// <summary>The events at <paramref name="path"/> once <paramref name="pruned"/> holds (the pruner runs every second; bounded at 60 s).</summary>
    private async Task<JsonArray> EventsOnceAsync(Func<JsonArray, bool> pruned, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var events = (await server.GetAsync(path))["events"]!.AsArray();
            if (pruned(events) || DateTime.UtcNow > deadline)
            {
                return events;
            }

            await Task.Delay(200);
        }
    }
}

public sealed class AuditRetentionSqliteFixture : SqliteServerFixture
{
    public const int MaxEvents = 30;
    public const int MaxAgeDays = 365;

    public ManualClock ManualClock { get; } = new();

    protected override TimeProvider Clock => ManualClock;

    protected override IEnumerable<string> Configuration =>
        [$"--Palisade:Audit:MaxEvents={MaxEvents}", $"--Palisade:Audit:MaxAgeDays={MaxAgeDays}", "--Palisade:Audit:PruneIntervalSeconds=1"];
}

public sealed class AuditRetentionPostgresFixture : PostgresServerFixture
{
    public ManualClock ManualClock { get; } = new();

    protected override TimeProvider Clock => ManualClock;

    protected override IEnumerable<string> Configuration =>
        [$"--Palisade:Audit:MaxEvents={AuditRetentionSqliteFixture.MaxEvents}", $"--Palisade:Audit:MaxAgeDays={AuditRetentionSqliteFixture.MaxAgeDays}", "--Palisade:Audit:PruneIntervalSeconds=1"];
}

public sealed class AuditRetentionTestsOnSqlite(AuditRetentionSqliteFixture server) : AuditRetentionTests(server, server.ManualClock), IClassFixture<AuditRetentionSqliteFixture>;

public sealed class AuditRetentionTestsOnPostgres(AuditRetentionPostgresFixture server) : AuditRetentionTests(server, server.ManualClock), IClassFixture<AuditRetentionPostgresFixture>;

public sealed class AuditRetentionSettingsTests
{
    [Theory]
    [InlineData("--Palisade:Audit:MaxEvents=0")]
    [InlineData("--Palisade:Audit:MaxAgeDays=-1")]
    [InlineData("--Palisade:Audit:PruneIntervalSeconds=soon")]
    public async Task A_retention_setting_that_is_not_a_positive_number_stops_the_server_at_start(string setting)
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
