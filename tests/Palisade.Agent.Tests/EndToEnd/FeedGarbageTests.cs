using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Palisade.Agent.Tests.Lab;

namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>
/// A feed the agent cannot understand leaves the last good ruleset in the kernel, is reported in
/// the host's status and asked for again; nothing a server sends stops the agent, and a good feed
/// brings it back.
/// </summary>
public sealed class FeedGarbageTests(FeedTamperingLab lab) : IClassFixture<FeedTamperingLab>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, FeedTamper> Garbage = new FeedTamper[]
    {
        Json("a null port", feed => feed["ports"]!.AsArray().Add((JsonNode?)null)),
        Json("a null group id in a port", feed => feed["ports"]![0]!["security_groups"]!.AsArray().Add((JsonNode?)null)),
        Json("ports of the wrong type", feed => feed["ports"] = "every port"),
        Json("no ports field", feed => feed.Remove("ports")),
        Json("a negative revision", feed => feed["revision"] = -1),
        Json("a revision too large for a number", feed => feed["revision"] = 1e28m),
        Json("a port range too large for a number", feed =>
        {
            foreach (var (_, rules) in feed["group_rules"]!.AsObject())
            {
                rules!.AsArray()[0]!["port_range_max"] = 99_999_999_999L;
            }
        }),
        new("not JSON", async (context, _) =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>");
        }),
        new("a body cut short", async (context, body) =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2));
            await context.Response.Body.FlushAsync();
            context.Abort();
        }),
        Json("a body larger than the agent reads", feed => feed["padding"] = new string('x', FeedTamperingLab.MaxFeedBytes)),
        new("a charset nobody knows", async (context, body) =>
        {
            context.Response.ContentType = "application/json; charset=no-such-charset";
            await context.Response.Body.WriteAsync(body);
        }),
    }.ToDictionary(t => t.Name);

    private static readonly object[] Tcp7000 =
    [
        new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7000, port_range_max = 7000 },
    ];

    [Theory]
    [InlineData("a null port")]
    [InlineData("a null group id in a port")]
    [InlineData("ports of the wrong type")]
    [InlineData("no ports field")]
    [InlineData("a negative revision")]
    [InlineData("a revision too large for a number")]
    [InlineData("a port range too large for a number")]
    [InlineData("not JSON")]
    [InlineData("a body cut short")]
    [InlineData("a charset nobody knows")]
    [InlineData("a body larger than the agent reads")]
    public async Task A_feed_the_agent_cannot_understand_keeps_the_last_ruleset_is_reported_and_retried_until_a_good_one_comes(string garbage)
    {
        // Two groups for each of the cases: more than a project's default quota.
        await lab.Api.SendAsync(HttpMethod.Put, $"/api/v1/quotas/{lab.ProjectId}", new { security_groups = -1, security_group_rules = -1 }, 200);
        var group = await lab.Api.GroupAsync(lab.ProjectId, "garbage-" + garbage, Tcp7000);
        var server = await lab.InstanceAsync([group]);
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "garbage-clients-" + garbage, [])]);
        server.StartEchoServers(7000);
        server.StartEchoServers(7001);
        await ConvergedAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)), "before the garbage");

        lab.Tamper = Garbage[garbage];
        JsonNode status = new JsonObject();
        try
        {
            await lab.Api.RuleAsync(group, new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7001, port_range_max = 7001 });
            Assert.True(await NetworkLab.EventuallyAsync(async () =>
            {
                status = await lab.Api.GetAsync($"/api/v1/hosts/{lab.HostName}/status");
                return ((string?)status["error"])?.Contains("policy feed", StringComparison.Ordinal) == true;
            }, Bound), $"the garbage is not reported: {status.ToJsonString()}");

            Assert.True(lab.AgentRunning, "the agent stopped");
            Assert.True(lab.Tampered > 0);
            Assert.True((long)status["applied_revision"]! < await lab.Api.RevisionAsync(), "a revision of the garbage counts as applied");
            Assert.True(await client.TcpConnectsAsync(server.IPv4, 7000), "the last ruleset no longer lets allowed traffic in");
            Assert.False(await client.TcpConnectsAsync(server.IPv4, 7001), "the rule only the garbage carried is in force");
        }
        finally
        {
            lab.Tamper = null;
        }

        await ConvergedAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7001)), "the good feed after the garbage");
        Assert.True(await NetworkLab.EventuallyAsync(async () => (await lab.Api.GetAsync($"/api/v1/hosts/{lab.HostName}/status"))["error"] is null, Bound), "the error is cleared");
        Assert.True(lab.AgentRunning, "the agent stopped");
    }

    private static FeedTamper Json(string name, Action<JsonObject> edit) => new(name, async (context, body) =>
    {
        var feed = JsonNode.Parse(body)!.AsObject();
        edit(feed);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(feed.ToJsonString()));
    });

    private async Task ConvergedAsync()
    {
        var revision = await lab.Api.RevisionAsync();
        Assert.True(await NetworkLab.EventuallyAsync(() => Task.FromResult(lab.Agent.AppliedRevision >= revision), Bound),
            $"the agent did not apply revision {revision} (applied {lab.Agent.AppliedRevision}, last error: {lab.Agent.LastError}, feed: {lab.Agent.FeedError})");
    }
}
