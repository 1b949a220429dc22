namespace Palisade.Cli.Tests.Commands;

public sealed class RuleUpdateCommandTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task Update_replaces_the_rule_and_it_keeps_its_id()
    {
        var cli = server.Cli(await server.NewProjectAsync());
        await cli.RunAsync(0, "group", "create", "web");
        var id = (string)(await cli.RunAsync(0, "rule", "add", "web", "--direction", "ingress", "--protocol", "tcp", "--port", "22", "-o", "json")).Json[0]!["id"]!;

        var result = await cli.RunAsync(0, "rule", "update", "web", id, "--direction", "ingress", "--protocol", "udp", "--port", "53", "--remote-ip", "198.18.0.0/24", "--description", "dns", "-o", "json");

        Assert.Equal(id, (string?)result.Json["id"]);
        Assert.Equal("udp", (string?)result.Json["protocol"]);
        Assert.Equal(53, (int)result.Json["port_range_min"]!);
        Assert.Equal("198.18.0.0/24", (string?)result.Json["remote_ip_prefix"]);
        var listed = await cli.RunAsync(0, "rule", "list", "web", "-o", "json");
        Assert.Single(listed.Json.AsArray(), r => (string?)r!["id"] == id && (string?)r["description"] == "dns");
    }

    [Fact]
    public async Task Update_to_a_duplicate_exits_1_naming_the_existing_rule()
    {
        var cli = server.Cli(await server.NewProjectAsync());
        await cli.RunAsync(0, "group", "create", "web");
        var ssh = (string)(await cli.RunAsync(0, "rule", "add", "web", "--direction", "ingress", "--protocol", "tcp", "--port", "22", "-o", "json")).Json[0]!["id"]!;
        var http = (string)(await cli.RunAsync(0, "rule", "add", "web", "--direction", "ingress", "--protocol", "tcp", "--port", "80", "-o", "json")).Json[0]!["id"]!;

        var result = await cli.RunAsync(1, "rule", "update", "web", http, "--direction", "ingress", "--protocol", "tcp", "--port", "22");

        Assert.Contains(ssh, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }
}
