using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Npgsql;

namespace Palisade.Server.Tests;

/// <summary>
/// Many agents parked on a server whose PostgreSQL pool is far smaller than their number: a parked
/// poll holds no connection (the revision is held in memory), and a write wakes them all onto one
/// snapshot read, so none fails for want of a connection.
/// </summary>
public sealed class LongPollsOnSmallPoolTests(PostgresServerFixture first) : IClassFixture<PostgresServerFixture>
{
    private const int Polls = 200;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Two_hundred_parked_polls_on_a_pool_of_five_are_all_answered_with_the_new_revision_after_one_write()
    {
        var smallPool = new NpgsqlConnectionStringBuilder(first.ConnectionString) { MaxPoolSize = 5, Timeout = 5 }.ToString();
        var (server, admin) = await ServerFixture.StartServerAsync($"--Palisade:Postgres={smallPool}");
        await using var _ = server;
        using var __ = admin;
        using var agents = new HttpClient { BaseAddress = admin.BaseAddress, Timeout = Bound };
        agents.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerFixture.AdminToken);
        var project = await first.NewProjectAsync();
        var revision = await first.RevisionAsync();

        var polls = Enumerable.Range(0, Polls)
            .Select(i => agents.GetAsync($"/api/v1/hosts/hv-pool-{i}/policy?since={revision}&wait=60s"))
            .ToList();
        await WaitForWatchersAsync(admin, Polls);
        await first.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" }, caller: admin);
        var written = await first.RevisionAsync();
        var answers = await Task.WhenAll(polls).WaitAsync(Bound);

        var outcomes = await Task.WhenAll(answers.Select(async answer =>
            (answer.StatusCode, Revision: answer.IsSuccessStatusCode ? (long)JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["revision"]! : -1)));
        Assert.All(outcomes, outcome => Assert.Equal((HttpStatusCode.OK, written), outcome));
    }

    private static async Task WaitForWatchersAsync(HttpClient admin, int count)
    {
        using var deadline = new CancellationTokenSource(Bound);
        while (true)
        {
            var metrics = await admin.GetStringAsync("/metrics", deadline.Token);
            var line = metrics.Split('\n').Single(l => l.StartsWith("palisade_watchers ", StringComparison.Ordinal));
            if (int.Parse(line["palisade_watchers ".Length..], System.Globalization.CultureInfo.InvariantCulture) >= count)
            {
                return;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
