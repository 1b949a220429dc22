using Microsoft.Extensions.Options;
using Palisade.Agent.Apply;
using Palisade.Agent.Tests.EndToEnd;
using Palisade.Agent.Watch;
using Palisade.Nftables;
using Palisade.Server;

namespace Palisade.Agent.Tests.Apply;

/// <summary>
/// What the agent makes of a host whose ports hold Cloud Foundry application security groups made
/// through /v3: the feed read by the agent's own client and reader, rendered by the renderer. No
/// kernel is needed to show that the ruleset can be built at all.
/// </summary>
public sealed class CloudFoundryFeedTests : IAsyncLifetime
{
    private const string AdminToken = "cf-feed-admin-token";
    private readonly string directory = Directory.CreateTempSubdirectory("palisade-cf-feed-").FullName;
    private Microsoft.AspNetCore.Builder.WebApplication server = null!;
    private PalisadeApi api = null!;

    public async Task InitializeAsync()
    {
        server = await PalisadeServer.BuildAsync([
            "--Palisade:Urls=http://127.0.0.1:0",
            $"--Palisade:Database={Path.Combine(directory, "palisade.db")}",
            $"--PALISADE_ADMIN_TOKEN={AdminToken}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await server.StartAsync();
        api = new PalisadeApi(new Uri(server.Urls.First()), AdminToken);
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await server.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>A group's chain is named after its id (a guid is its own encoding, NftNames).</summary>
    [Fact]
    public async Task A_host_with_a_running_and_a_staging_port_of_two_asgs_renders_one_chain_per_asg()
    {
        const string Host = "hv-cf";
        var space = (string)(await api.PostAsync("/api/v1/projects", new { name = "space", groups_managed_by = "platform" }))["id"]!;
        var network = (string)(await api.PostAsync("/api/v1/networks", new { project_id = space, name = "net" }))["id"]!;
        var running = await AsgAsync("running", space, "198.18.210.0/24");
        var staging = await AsgAsync("staging", space, "198.18.211.0/24");
        await api.PostAsync("/api/v1/ports", new { project_id = space, network_id = network, host = Host, phase = "running" });
        await api.PostAsync("/api/v1/ports", new { project_id = space, network_id = network, host = Host, phase = "staging" });
        using var feed = new FeedClient(Options.Create(new AgentOptions { Server = new Uri(server.Urls.First()), Token = AdminToken, Host = Host }));

        var read = new PolicyReader().Read(await feed.GetPolicyAsync(null, CancellationToken.None));
        Assert.Null(read.Problem);
        var policies = read.Reading!.Policies;
        var ruleset = RulesetRenderer.Render(policies);

        Assert.Equal(new[] { running, staging }.Order(StringComparer.Ordinal), policies.SelectMany(p => p.Rules).Select(r => r.Rule.GroupId).Distinct().Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        Assert.Contains($"chain group_{running}_out {{", ruleset, StringComparison.Ordinal);
        Assert.Contains($"chain group_{staging}_out {{", ruleset, StringComparison.Ordinal);

        async Task<string> AsgAsync(string lifecycle, string spaceId, string destination)
        {
            var group = await api.PostAsync("/v3/security_groups", new
            {
                name = "asg-" + lifecycle,
                rules = new[] { new { protocol = "tcp", destination, ports = "443" } },
            });
            var guid = (string)group["guid"]!;
            await api.SendAsync(HttpMethod.Post, $"/v3/security_groups/{guid}/relationships/{lifecycle}_spaces", new { data = new[] { new { guid = spaceId } } }, 200);
            return guid;
        }
    }
}
