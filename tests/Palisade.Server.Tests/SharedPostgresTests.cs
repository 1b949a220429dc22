using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Palisade.Server.Tests;

/// <summary>Several stateless servers on one PostgreSQL database serve one cloud.</summary>
public sealed class SharedPostgresTests(PostgresServerFixture first) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task A_write_through_one_server_wakes_the_long_polls_of_another_at_once()
    {
        var (second, secondClient) = await ServerFixture.StartServerAsync($"--Palisade:Postgres={first.ConnectionString}");
        await using var _ = second;
        using var __ = secondClient;
        var project = await first.NewProjectAsync();
        var revision = (long)(await first.GetAsync("/healthz"))["revision"]!;

        var poll = secondClient.GetFromJsonAsync<JsonNode>($"/api/v1/hosts/hv-shared/policy?since={revision}&wait=20s");
        await Task.Delay(300);
        Assert.False(poll.IsCompleted, "nothing has changed yet");
        await first.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" });
        var answer = await poll.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True((long)answer!["revision"]! > revision);
    }

    [Fact]
    public async Task A_server_whose_listening_connection_was_cut_still_wakes_its_polls_on_a_write_through_another()
    {
        var named = new NpgsqlConnectionStringBuilder(first.ConnectionString) { ApplicationName = "palisade-cut" }.ToString();
        var (second, secondClient) = await ServerFixture.StartServerAsync($"--Palisade:Postgres={named}");
        await using var _ = second;
        using var __ = secondClient;
        var project = await first.NewProjectAsync();
        var revision = await first.RevisionAsync();
        var poll = secondClient.GetFromJsonAsync<JsonNode>($"/api/v1/hosts/hv-cut/policy?since={revision}&wait=25s");

        await CutListenersAsync("palisade-cut");
        await first.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "cut" });
        var answer = await poll.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True((long)answer!["revision"]! > revision);
    }

    /// <summary>Ends the backends of <paramref name="applicationName"/> that are listening, as a dropped connection would.</summary>
    private static async Task CutListenersAsync(string applicationName)
    {
        await using var admin = new NpgsqlConnection(PostgresServerFixture.AdminConnectionString);
        await admin.OpenAsync();
        await using var cut = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name AND query LIKE 'LISTEN%'", admin);
        cut.Parameters.AddWithValue("name", applicationName);
        Assert.Equal(1L, await cut.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Both_servers_see_the_same_resources_and_one_revision_sequence()
    {
        var (second, secondClient) = await ServerFixture.StartServerAsync($"--Palisade:Postgres={first.ConnectionString}");
        await using var _ = second;
        using var __ = secondClient;
        var project = await first.NewProjectAsync();

        var created = await (await secondClient.PostAsJsonAsync("/api/v1/security-groups", new { project_id = project.Id, name = "db" })).Content.ReadFromJsonAsync<JsonNode>();
        var seen = await first.GetAsync($"/api/v1/security-groups/{created!["id"]}");

        Assert.Equal("db", (string)seen["name"]!);
        Assert.Equal((long)(await first.GetAsync("/healthz"))["revision"]!, (long)(await secondClient.GetFromJsonAsync<JsonNode>("/healthz"))!["revision"]!);
    }
}
