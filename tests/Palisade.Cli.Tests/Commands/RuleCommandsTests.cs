namespace Palisade.Cli.Tests.Commands;

public sealed class RuleCommandsTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task Add_sends_a_port_range_remote_prefix_and_description()
    {
        var cli = server.Cli(await server.NewProjectAsync());
        await cli.RunAsync(0, "group", "create", "web");

        var result = await cli.RunAsync(0, "rule", "add", "web", "--direction", "ingress", "--protocol", "tcp", "--port", "1000-2000",
            "--remote-ip", "198.18.0.0/24", "--description", "batch", "-o", "json");

        var rule = result.Json[0]!;
        Assert.Equal("ingress", (string?)rule["direction"]);
        Assert.Equal("tcp", (string?)rule["protocol"]);
        Assert.Equal(1000, (int)rule["port_range_min"]!);
        Assert.Equal(2000, (int)rule["port_range_max"]!);
        Assert.Equal("198.18.0.0/24", (string?)rule["remote_ip_prefix"]);
        Assert.Equal("batch", (string?)rule["description"]);
    }

    [Fact]
    public async Task Add_takes_the_ethertype_from_an_IPv6_remote_and_a_range_of_addresses()
    {
        var cli = server.Cli(await server.NewProjectAsync());
        await cli.RunAsync(0, "group", "create", "web");

        var v6 = await cli.RunAsync(0, "rule", "add", "web", "--direction", "ingress", "--protocol", "tcp", "--port", "443", "--remote-ip", "2001:db8::/32", "-o", "json");
        var range = await cli.RunAsync(0, "rule", "add", "web", "--direction", "ingress", "--remote-ip", "198.18.0.5-198.18.0.9", "-o", "json");

        Assert.Equal("IPv6", (string?)v6.Json[0]!["ethertype"]);
        Assert.Equal("198.18.0.5-198.18.0.9", (string?)range.Json[0]!["remote_ip_range"]);
    }

    [Fact]
    public async Task Add_sends_icmp_type_and_code_as_the_port_range()
    {
        var cli = server.Cli(await server.NewProjectAsync());
        await cli.RunAsync(0, "group", "create", "web");

        var result = await cli.RunAsync(0, "rule", "add", "web", "--direction", "ingress", "--protocol", "icmp", "--icmp-type", "8", "--icmp-code", "0");

        Assert.Contains("type 8 code 0", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_rule_exits_1_and_the_message_names_the_existing_rule()
    {
        var cli = server.Cli(await server.NewProjectAsync());
        await cli.RunAsync(0, "group", "create", "web");
        var first = await cli.RunAsync(0, "rule", "add", "web", "--direction", "ingress", "--protocol", "tcp", "--port", "22", "-o", "json");

        var duplicate = await cli.RunAsync(1, "rule", "add", "web", "--direction", "ingress", "--protocol", "6", "--port", "22");

        Assert.Contains((string)first.Json[0]!["id"]!, duplicate.Stderr, StringComparison.Ordinal);
        Assert.Contains("already exists", duplicate.Stderr, StringComparison.Ordinal);
        Assert.Empty(duplicate.Stdout);
    }

    [Fact]
    public async Task A_rule_the_server_refuses_exits_1_naming_the_field()
    {
        var cli = server.Cli(await server.NewProjectAsync());
        await cli.RunAsync(0, "group", "create", "web");

        var result = await cli.RunAsync(1, "rule", "add", "web", "--direction", "ingress", "--protocol", "tcp", "--port", "70000");

        Assert.Contains("port_range_min", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_prints_the_groups_rules_as_a_table_and_as_json()
    {
        var cli = server.Cli(await server.NewProjectAsync());
        await cli.RunAsync(0, "group", "create", "web");
        await cli.RunAsync(0, "rule", "add", "web", "--direction", "ingress", "--protocol", "udp", "--port", "53");

        var table = await cli.RunAsync(0, "rule", "list", "web");
        var json = await cli.RunAsync(0, "rule", "list", "web", "-o", "json");

        Assert.Contains("udp", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("53", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, json.Json.AsArray().Count);
    }

    [Fact]
    public async Task Delete_removes_the_rule()
    {
        var cli = server.Cli(await server.NewProjectAsync());
        await cli.RunAsync(0, "group", "create", "web");
        var added = await cli.RunAsync(0, "rule", "add", "web", "--direction", "ingress", "--protocol", "tcp", "--port", "22", "-o", "json");
        var ruleId = (string)added.Json[0]!["id"]!;

        await cli.RunAsync(0, "rule", "delete", "web", ruleId);

        var rules = await cli.RunAsync(0, "rule", "list", "web", "-o", "json");
        Assert.DoesNotContain(rules.Json.AsArray(), r => (string?)r!["id"] == ruleId);
    }

    [Fact]
    public async Task Deleting_a_rule_that_does_not_exist_exits_1()
    {
        var cli = server.Cli(await server.NewProjectAsync());

        var result = await cli.RunAsync(1, "rule", "delete", "default", "no-such-rule");

        Assert.Contains("no-such-rule", result.Stderr, StringComparison.Ordinal);
    }
}
