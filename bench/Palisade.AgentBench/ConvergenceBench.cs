using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Palisade.Agent;
using Palisade.Server;

namespace Palisade.AgentBench;

/// <summary>
/// API write → applied by the agent on its host (design.md §5: p99 &lt; 250 ms), with the real server
/// (SQLite) and the real agent in this process and the agent's nft running in a throwaway namespace.
/// A write is timed from just before its request to the moment the agent has the revision in the
/// kernel (its <see cref="AgentStatistics.RevisionApplied"/> event fires after nft returned).
/// </summary>
internal sealed class ConvergenceBench(int ports, int groups, int rulesPerGroup, int members, int changes)
{
    private const string Token = "agent-bench-admin-token";
    private const string HostName = "bench-host";
    private readonly ConcurrentQueue<(long Revision, long At)> applied = new();
    private HttpClient http = null!;

    public async Task RunAsync()
    {
        var directory = Directory.CreateTempSubdirectory("palisade-agent-bench-").FullName;
        await using var server = await PalisadeServer.BuildAsync(["--Palisade:Urls=http://127.0.0.1:0", $"--Palisade:Database={Path.Combine(directory, "palisade.db")}", $"--PALISADE_ADMIN_TOKEN={Token}", "--Logging:LogLevel:Default=Warning"]);
        await server.StartAsync();
        var address = new Uri(server.Urls.First());
        http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await using var ns = await Namespace.CreateAsync();
        try
        {
            var (groupIds, membersGroup, subnet, project, network) = await PopulateAsync();
            var feed = await http.GetStringAsync($"/api/v1/hosts/{HostName}/policy");
            var reads = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await http.GetStringAsync($"/api/v1/hosts/{HostName}/policy");
                reads.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            Console.WriteLine($"convergence host: {ports} ports, {groups} groups × {rulesPerGroup} rules (3 groups per port), a remote group of {members} members");
            Console.WriteLine($"feed: {feed.Length / 1024.0:F0} KiB of JSON per answer (members and rules once per host); GET: {Stats.Summary(reads)}");

            using var agent = PalisadeAgent.Build([$"--Palisade:Agent:Server={address}", $"--Palisade:Agent:Token={Token}", $"--Palisade:Agent:Host={HostName}",
                $"--Palisade:Agent:Namespace={ns.Name}", "--Logging:LogLevel:Default=Warning"]);
            var statistics = agent.Services.GetRequiredService<AgentStatistics>();
            statistics.RevisionApplied += revision => applied.Enqueue((revision, Stopwatch.GetTimestamp()));
            await agent.StartAsync();
            await WaitAppliedAsync(await RevisionAsync(), TimeSpan.FromSeconds(60));

            // A rule added to and removed from a group bound to every port: a structural change, a full table.
            var rules = new List<double>();
            for (var i = 0; i < changes; i++)
            {
                var start = Stopwatch.GetTimestamp();
                if (i % 2 == 0)
                {
                    await SendAsync(HttpMethod.Post, $"/api/v1/security-groups/{groupIds[0]}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 5000, port_range_max = 5000 });
                }
                else
                {
                    var rule = (await SendAsync(HttpMethod.Get, $"/api/v1/security-groups/{groupIds[0]}/rules?protocol=tcp", null)).AsArray().Last(r => (int?)r!["port_range_min"] == 5000)!;
                    start = Stopwatch.GetTimestamp();
                    await SendAsync(HttpMethod.Delete, $"/api/v1/security-groups/{groupIds[0]}/rules/{(string)rule["id"]!}", null);
                }

                rules.Add(await WaitAppliedAsync(await RevisionAsync(), TimeSpan.FromSeconds(30), start));
            }

            var fullBefore = statistics.FullApplies;
            var elementsBefore = statistics.ElementApplies;
            // A port elsewhere joins and leaves the remote group: set elements only on this host.
            var membership = new List<double>();
            string? joined = null;
            for (var i = 0; i < changes; i++)
            {
                var start = Stopwatch.GetTimestamp();
                if (joined is null)
                {
                    joined = (string)(await SendAsync(HttpMethod.Post, "/api/v1/ports", new
                    {
                        project_id = project,
                        network_id = network,
                        host = "elsewhere",
                        fixed_ips = new[] { new { subnet_id = subnet, ip_address = $"10.1.250.{1 + (i / 2 % 250)}" } },
                        security_groups = new[] { membersGroup },
                    }))["id"]!;
                }
                else
                {
                    await SendAsync(HttpMethod.Delete, $"/api/v1/ports/{joined}", null);
                    joined = null;
                }

                membership.Add(await WaitAppliedAsync(await RevisionAsync(), TimeSpan.FromSeconds(30), start));
            }

            Console.WriteLine($"convergence, rule added/removed (full table): {Stats.Summary(rules)}");
            Console.WriteLine($"convergence, remote-group member joins/leaves (set elements): {Stats.Summary(membership)}; the agent applied {statistics.ElementApplies - elementsBefore} element and {statistics.FullApplies - fullBefore} full transactions for them");
            await agent.StopAsync();
        }
        finally
        {
            using var now = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await server.StopAsync(now.Token);
            }
            catch (OperationCanceledException)
            {
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<(List<string> Groups, string Members, string Subnet, string Project, string Network)> PopulateAsync()
    {
        var project = (string)(await SendAsync(HttpMethod.Post, "/api/v1/projects", new { name = "bench" }))["id"]!;
        await SendAsync(HttpMethod.Put, $"/api/v1/quotas/{project}", new { security_groups = -1, rules_per_group = -1, groups_per_port = -1 });
        var network = (string)(await SendAsync(HttpMethod.Post, "/api/v1/networks", new { project_id = project, name = "bench" }))["id"]!;
        var subnet = (string)(await SendAsync(HttpMethod.Post, "/api/v1/subnets", new { network_id = network, cidr = "10.0.0.0/8", intra_subnet_allowed = false }))["id"]!;
        var membersGroup = (string)(await SendAsync(HttpMethod.Post, "/api/v1/security-groups", new { project_id = project, name = "members" }))["id"]!;
        var groupIds = new List<string>();
        for (var g = 0; g < groups; g++)
        {
            var id = (string)(await SendAsync(HttpMethod.Post, "/api/v1/security-groups", new { project_id = project, name = $"g{g}" }))["id"]!;
            var rules = Enumerable.Range(0, rulesPerGroup).Select(r => r % 2 == 0
                ? (object)new { direction = "ingress", protocol = "tcp", port_range_min = 1000 + r, port_range_max = 1000 + r, remote_group_id = membersGroup }
                : new { direction = "ingress", protocol = "udp", port_range_min = 2000 + r, port_range_max = 2000 + r, remote_ip_prefix = $"172.16.{g}.0/24" }).ToArray();
            await SendAsync(HttpMethod.Post, $"/api/v1/security-groups/{id}/rules", new { rules });
            groupIds.Add(id);
        }

        for (var m = 0; m < members; m++)
        {
            await SendAsync(HttpMethod.Post, "/api/v1/ports", new { project_id = project, network_id = network, host = "elsewhere", fixed_ips = new[] { new { subnet_id = subnet, ip_address = $"10.2.{m >> 8}.{m & 0xff}" } }, security_groups = new[] { membersGroup } });
        }

        for (var p = 0; p < ports; p++)
        {
            var bound = new[] { p % groups, (p + 1) % groups, (p + 2) % groups }.Distinct().Select(g => groupIds[g]).ToArray();
            await SendAsync(HttpMethod.Post, "/api/v1/ports", new { project_id = project, network_id = network, host = HostName, fixed_ips = new[] { new { subnet_id = subnet, ip_address = $"10.0.{p >> 8}.{p & 0xff}" } }, security_groups = bound });
        }

        return (groupIds, membersGroup, subnet, project, network);
    }

    /// <summary>Milliseconds from <paramref name="start"/> to the first applied revision at or past <paramref name="revision"/>.</summary>
    private async Task<double> WaitAppliedAsync(long revision, TimeSpan limit, long start = 0)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            foreach (var (applied, at) in applied)
            {
                if (applied >= revision && at >= start)
                {
                    return Stopwatch.GetElapsedTime(start, at).TotalMilliseconds;
                }
            }

            await Task.Delay(1);
        }

        throw new TimeoutException($"revision {revision} was not applied within {limit}");
    }

    private async Task<long> RevisionAsync() => (long)(await SendAsync(HttpMethod.Get, "/healthz", null))["revision"]!;

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        }

        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }
}
