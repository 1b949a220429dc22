using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Palisade.Agent.Tests.Lab;

namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>The server's revision is the authority: when it goes back, the agent follows it.</summary>
public sealed class RevisionBackwardsTests(FeedTamperingLab lab) : IClassFixture<FeedTamperingLab>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_a_feed_with_a_bogus_huge_revision_the_agent_follows_the_servers_lower_revision_and_its_next_change()
    {
        var group = await lab.Api.GroupAsync(lab.ProjectId, "bogus-revision", [new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7000, port_range_max = 7000 }]);
        var server = await lab.InstanceAsync([group]);
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "bogus-revision-clients", [])]);
        server.StartEchoServers(7000);
        server.StartEchoServers(7001);
        Assert.True(await AppliedAsync(await lab.Api.RevisionAsync()), "before the bogus revision");
        const long Bogus = 1_000_000_000_000_000;

        // One answer (the server's real policy) carries a revision the store will never reach, as a
        // broken server, a proxy, or a server since restored from an older backup would send.
        lab.Tamper = new FeedTamper("a bogus huge revision", async (context, body) =>
        {
            lab.Tamper = null;
            var feed = JsonNode.Parse(body)!.AsObject();
            feed["revision"] = Bogus;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(feed.ToJsonString()));
        });
        var applied = new ConcurrentQueue<long>();
        void Record(long revision) => applied.Enqueue(revision);
        lab.Agent.RevisionApplied += Record;
        try
        {
            await lab.Api.RuleAsync(group, new { direction = "egress", ethertype = "IPv4", protocol = "udp", port_range_min = 9, port_range_max = 9 });
            Assert.True(await NetworkLab.EventuallyAsync(() => Task.FromResult(applied.Contains(Bogus)), Bound), "the bogus revision never arrived");
        }
        finally
        {
            lab.Agent.RevisionApplied -= Record;
        }

        await lab.Api.RuleAsync(group, new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7001, port_range_max = 7001 });

        Assert.True(await AppliedAsync(await lab.Api.RevisionAsync()), $"the agent stays on revision {lab.Agent.AppliedRevision}");
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7001)), "the change made after the bogus revision");
        Assert.True(await client.TcpConnectsAsync(server.IPv4, 7000), "the rule from before");
    }

    /// <summary>Waits for the agent to enforce exactly <paramref name="revision"/>: "at least" would count the bogus one.</summary>
    private async Task<bool> AppliedAsync(long revision) =>
        await NetworkLab.EventuallyAsync(() => Task.FromResult(lab.Agent.AppliedRevision == revision), Bound);
}
