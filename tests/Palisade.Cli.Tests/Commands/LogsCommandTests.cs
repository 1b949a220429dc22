using System.Net.Http.Json;

namespace Palisade.Cli.Tests.Commands;

/// <summary><c>palisade logs</c> and the hit counters of <c>palisade rule list</c> (docs/flow-logs.md), against a real server.</summary>
public sealed class LogsCommandTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    private async Task<(string Project, string Host, string Port)> PortOnHostAsync()
    {
        var project = await server.NewProjectAsync();
        var host = "hv-" + Guid.NewGuid().ToString("N")[..8];
        var network = await server.PostAsync("/api/v1/networks", new { project_id = project, name = "net" });
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project, network_id = (string)network["id"]!, host });
        return (project, host, (string)port["id"]!);
    }

    private Task PostRecordsAsync(string host, string port, params (string Verdict, string Source)[] records) =>
        server.PostAsync($"/api/v1/hosts/{host}/flow-logs", new
        {
            records = records.Select(r => new
            {
                port_id = port, direction = "ingress", verdict = r.Verdict, protocol = 6, source = r.Source, destination = "198.18.0.10",
                source_port = 40000, destination_port = 22, packets = 2, bytes = 120, first_seen = DateTimeOffset.UtcNow, last_seen = DateTimeOffset.UtcNow,
            }).ToArray(),
        });

    [Fact]
    public async Task Logs_lists_the_records_the_filters_keep_as_a_table()
    {
        var (project, host, port) = await PortOnHostAsync();
        await PostRecordsAsync(host, port, ("allow", "198.51.100.1"), ("drop", "198.51.100.2"));

        var result = await server.Cli(project).RunAsync(0, "logs", "--port", port, "--verdict", "drop", "--since", "10m");

        Assert.Contains("198.51.100.2:40000", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("198.51.100.1", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_follow_prints_each_new_record_once_and_ctrl_c_ends_it_with_exit_0()
    {
        var (project, host, port) = await PortOnHostAsync();
        await PostRecordsAsync(host, port, ("drop", "198.51.100.11"));
        var output = new StringWriter();
        var stdout = TextWriter.Synchronized(output);
        using var ctrlC = new CancellationTokenSource();
        var following = server.Cli(project).RunAsync(stdout, TextWriter.Null, ctrlC.Token, "logs", "--follow", "--port", port, "--interval", "100ms");

        var first = await PrintedAsync(stdout, output, "198.51.100.11");
        await PostRecordsAsync(host, port, ("drop", "198.51.100.12"));
        var second = await PrintedAsync(stdout, output, "198.51.100.12");
        await ctrlC.CancelAsync();
        var exitCode = await following.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(first && second, output.ToString());
        Assert.Equal(0, exitCode);
        Assert.Single(Text(stdout, output).Split('\n'), line => line.Contains("198.51.100.11", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--since", "yesterday")]
    [InlineData("--interval", "forever")]
    [InlineData("--interval", "10m")]
    public async Task A_time_or_interval_it_cannot_read_exits_2_naming_the_option(string option, string value)
    {
        var result = await server.Cli(await server.NewProjectAsync()).RunAsync(2, "logs", option, value);

        Assert.Contains(option, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule_list_shows_the_log_flag_and_the_hit_counters_beside_each_rule()
    {
        var (project, host, _) = await PortOnHostAsync();
        var cli = server.Cli(project);
        await cli.RunAsync(0, "group", "create", "audited");
        var rule = (string)(await cli.RunAsync(0, "rule", "add", "audited", "--direction", "ingress", "--protocol", "tcp", "--port", "22", "--log", "-o", "json")).Json[0]!["id"]!;
        using var report = await server.Api.PutAsJsonAsync($"/api/v1/hosts/{host}/status", new { applied_revision = 1, enforced_ports = Array.Empty<string>(), counters = new[] { new { rule_id = rule, packets = 12, bytes = 720 } } });
        report.EnsureSuccessStatusCode();

        var listing = await cli.RunAsync(0, "rule", "list", "audited");

        var line = Assert.Single(listing.Stdout.Split('\n'), l => l.Contains(rule, StringComparison.Ordinal));
        Assert.Contains("yes", line, StringComparison.Ordinal);
        Assert.Contains("12 pkts / 720 B", line, StringComparison.Ordinal);
    }

    private static string Text(TextWriter synchronized, StringWriter output)
    {
        lock (synchronized)
        {
            return output.ToString();
        }
    }

    /// <summary>Whether <paramref name="text"/> is printed within 30 s.</summary>
    private static async Task<bool> PrintedAsync(TextWriter synchronized, StringWriter output, string text)
    {
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(50))
        {
            if (Text(synchronized, output).Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
