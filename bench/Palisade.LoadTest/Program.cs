using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Palisade.LoadTest;

// Whole-system load on loopback (design.md §5): reads/s, write latency, listing 10,000 rules.
// Usage: dotnet run -c Release --project bench/Palisade.LoadTest [-- --seconds 10 --readers 32 --writes 2000]
// Needs wrk (apt-get install wrk) for the read phase.
var options = Options.Parse(args);
const string token = "load-test-admin-token";
await using var server = await ServerProcess.StartAsync(token);
using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = server.Url };
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
Console.WriteLine($"server {server.Url} (SQLite), {Environment.ProcessorCount} cores, {RuntimeInfo()}");

var project = await PostAsync("/api/v1/projects", new { name = "load" });
var projectId = (string)project["id"]!;
await SendAsync(HttpMethod.Put, $"/api/v1/quotas/{projectId}", new { security_groups = -1, rules_per_group = -1, groups_per_port = -1 });
var group = await PostAsync("/api/v1/security-groups", new { project_id = projectId, name = "web" });
var groupId = (string)group["id"]!;
await PostAsync($"/api/v1/security-groups/{groupId}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443 });

// Reads: many clients fetching one group with its rules, as dashboards and agents do. wrk drives
// them: a C# client on the same two cores would spend as much CPU as the server it measures.
// A fresh server runs tier-0 JIT code for its first seconds; measure the server as it runs, not as it starts.
await Wrk.RunAsync(new Uri(server.Url, $"/api/v1/security-groups/{groupId}"), token, options.Readers, 5);
var reads = await Wrk.RunAsync(new Uri(server.Url, $"/api/v1/security-groups/{groupId}"), token, options.Readers, options.Seconds);
Console.WriteLine($"reads: {reads.RequestsPerSecond:N0}/s (wrk, {options.Readers} connections, {options.Seconds} s, GET /api/v1/security-groups/{{id}}; latency p50 {reads.P50}, p99 {reads.P99}; non-2xx {reads.Errors})");

// Writes: one rule per request, one client at a time, each a committed transaction, spread over
// groups of at most 50 rules (the default quota is 100 per group).
var groups = new List<string>();
for (var i = 0; i < options.Writes / 50; i++)
{
    groups.Add((string)(await PostAsync("/api/v1/security-groups", new { project_id = projectId, name = $"g{i}" }))["id"]!);
}

await TimeWritesAsync(groups, 100); // warm-up
var latencies = await TimeWritesAsync(groups, options.Writes, offset: 100);
Console.WriteLine($"writes: p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F2} ms ({options.Writes:N0} POST rule, sequential, over {groups.Count} groups)");

// Listing 10,000 rules: fill a group to 10,000 rules in batches, then read it whole and page by page.
var big = await PostAsync("/api/v1/security-groups", new { project_id = projectId, name = "big" });
var bigId = (string)big["id"]!;
for (var batch = 0; batch < 10; batch++)
{
    var rules = Enumerable.Range(0, 1000).Select(i => new { direction = "ingress", protocol = "tcp", port_range_min = 1 + batch * 1000 + i, port_range_max = 1 + batch * 1000 + i, remote_ip_prefix = "198.18.0.0/15" }).ToArray();
    if (batch == 9)
    {
        rules = rules[..998]; // with the two egress rules every new group has: 10,000
    }

    await PostAsync($"/api/v1/security-groups/{bigId}/rules", new { rules });
}

var whole = await MeasureAsync(async () => (await GetAsync($"/api/v1/security-groups/{bigId}"))["rules"]!.AsArray().Count, 20);
Console.WriteLine($"list 10,000 rules in one GET of the group: median {whole.Median:F1} ms, p99-of-20 {whole.Max:F1} ms ({whole.Count:N0} rules)");
var paged = await MeasureAsync(() => ListAllPagesAsync($"/api/v1/security-groups/{bigId}/rules?limit=1000"), 20);
Console.WriteLine($"list 10,000 rules in 10 pages of 1,000: median {paged.Median:F1} ms, p99-of-20 {paged.Max:F1} ms ({paged.Count:N0} rules)");
var bigWrites = await TimeWritesAsync([bigId], 200, offset: 20000);
Console.WriteLine($"writes into the 10,000-rule group: p50 {Percentile(bigWrites, 0.50):F2} ms, p99 {Percentile(bigWrites, 0.99):F2} ms (200 POST rule)");
return 0;

async Task<List<double>> TimeWritesAsync(List<string> targets, int count, int offset = 0)
{
    var times = new List<double>(count);
    for (var i = 0; i < count; i++)
    {
        var port = 1024 + offset + i;
        var watch = Stopwatch.StartNew();
        await PostAsync($"/api/v1/security-groups/{targets[i % targets.Count]}/rules", new { direction = "ingress", protocol = "udp", port_range_min = port, port_range_max = port });
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    return times;
}

async Task<int> ListAllPagesAsync(string path)
{
    var total = 0;
    for (string? next = path; next is not null;)
    {
        using var response = await client.GetAsync(next);
        response.EnsureSuccessStatusCode();
        total += (await response.Content.ReadFromJsonAsync<JsonArray>())!.Count;
        next = response.Headers.TryGetValues("Link", out var links) ? links.First().Split('>')[0].TrimStart('<') : null;
    }

    return total;
}

async Task<(double Median, double Max, int Count)> MeasureAsync(Func<Task<int>> work, int runs)
{
    var count = await work(); // warm-up
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        count = await work();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    return (Percentile(times, 0.5), times[^1], count);
}

async Task<JsonNode> PostAsync(string path, object body) => await SendAsync(HttpMethod.Post, path, body);

async Task<JsonNode> GetAsync(string path) => await SendAsync(HttpMethod.Get, path, null);

async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body)
{
    using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
    using var response = await client.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static string RuntimeInfo() => string.Create(CultureInfo.InvariantCulture, $".NET {Environment.Version}");
