namespace Palisade.Cli.Tests.Commands;

/// <summary>A wrong command line exits 2 before anything is sent (these runs have no server at all).</summary>
public sealed class UsageTests
{
    private readonly CliRunner cli = new(new Dictionary<string, string?> { ["PALISADE_CONFIG_DIR"] = Path.Combine(Path.GetTempPath(), "palisade-cli-usage-" + Guid.NewGuid().ToString("N")) });

    [Theory]
    [InlineData("")]
    [InlineData("group")]
    [InlineData("group frobnicate")]
    [InlineData("group list --output xml")]
    [InlineData("rule add web")]
    [InlineData("rule add web --direction sideways")]
    [InlineData("rule add web --direction ingress --port 22-x")]
    [InlineData("rule add web --direction ingress --remote-ip 10.0.0.0/8 --remote-group db")]
    [InlineData("rule add web --direction ingress --port 22 --icmp-type 8")]
    [InlineData("group set web")]
    [InlineData("port bind p1")]
    [InlineData("explain --port p1")]
    [InlineData("audit --limit many")]
    public async Task A_malformed_command_line_exits_2_and_points_to_help(string commandLine)
    {
        var result = await cli.RunAsync(2, commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Help_exits_0_and_lists_the_commands()
    {
        var result = await cli.RunAsync(0, "--help");

        foreach (var command in new[] { "login", "group", "rule", "port", "instance", "explain", "audit", "export", "import" })
        {
            Assert.Contains(command, result.Stdout, StringComparison.Ordinal);
        }
    }
}
