using System.Text.Json.Nodes;

namespace Palisade.Cli.Tests.Commands;

public sealed class ExportImportTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task Export_then_import_recreates_the_groups_and_rules_in_another_project()
    {
        var source = await ArrangeSourceProjectAsync();
        var target = await server.NewProjectAsync();
        var file = Path.Combine(Path.GetTempPath(), $"palisade-export-{Guid.NewGuid():N}.json");
        try
        {
            await server.Cli(source).RunAsync(0, "export", "--file", file);

            var imported = await server.Cli(target).RunAsync(0, "import", file);

            Assert.Contains("2 created, 1 existing", imported.Stdout, StringComparison.Ordinal);
            Assert.Contains("web: created", imported.Stderr, StringComparison.Ordinal);
            Assert.Equal(await GroupsAsync(source), await GroupsAsync(target));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Importing_the_same_export_again_adds_nothing()
    {
        var source = await ArrangeSourceProjectAsync();
        var target = await server.NewProjectAsync();
        var export = await server.Cli(source).RunAsync(0, "export");
        var file = Path.Combine(Path.GetTempPath(), $"palisade-export-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, export.Stdout);
        try
        {
            await server.Cli(target).RunAsync(0, "import", file);

            var again = await server.Cli(target).RunAsync(0, "import", file, "-o", "json");

            Assert.Equal(0, (int)again.Json["groups_created"]!);
            Assert.Equal(0, (int)again.Json["rules_added"]!);
            Assert.Equal(await GroupsAsync(source), await GroupsAsync(target));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Export_names_remote_groups_rather_than_giving_their_ids()
    {
        var source = await ArrangeSourceProjectAsync();

        var export = await server.Cli(source).RunAsync(0, "export");

        var db = export.Json["groups"]!.AsArray().Single(g => (string?)g!["name"] == "db")!;
        var fromWeb = db["rules"]!.AsArray().Single(r => (string?)r!["remote_group"] == "web")!;
        Assert.Null(fromWeb["remote_group_id"]);
        Assert.DoesNotContain("\"id\"", export.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_a_file_that_is_not_an_export_is_a_usage_error()
    {
        var file = Path.Combine(Path.GetTempPath(), $"palisade-export-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, "{\"hello\": 1}");
        try
        {
            var result = await server.Cli(await server.NewProjectAsync()).RunAsync(2, "import", file);

            Assert.Contains("not a palisade export", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_export_rule_the_server_refuses_stops_the_import_with_exit_1_naming_group_and_rule()
    {
        var file = Path.Combine(Path.GetTempPath(), $"palisade-export-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            {"format": "palisade.export/v1", "groups": [{"name": "bad", "rules": [{"direction": "ingress", "protocol": "tcp", "port_range_min": 0, "port_range_max": 0}]}]}
            """);
        try
        {
            var result = await server.Cli(await server.NewProjectAsync()).RunAsync(1, "import", file);

            Assert.Contains("group 'bad', rules[0]", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Exporting_to_a_file_that_cannot_be_written_exits_2_without_a_stack_trace()
    {
        var result = await server.Cli(await server.NewProjectAsync()).RunAsync(2, "export", "--file", "/nonexistent-directory/export.json");

        Assert.Contains("cannot write", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_a_file_that_does_not_exist_exits_2()
    {
        var result = await server.Cli(await server.NewProjectAsync()).RunAsync(2, "import", "/nonexistent-directory/export.json");

        Assert.Contains("cannot read", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_group_rule_is_shown_and_exported_by_id_and_an_import_where_the_group_is_unknown_fails_rather_than_allowing_any()
    {
        var source = await server.NewProjectAsync();
        var addressGroup = await AddressGroupAsync(source, "198.19.30.0/24");
        var group = await server.Cli(source).RunAsync(0, "group", "create", "office", "-o", "json");
        await server.PostAsync($"/api/v1/security-groups/{(string)group.Json["id"]!}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22, remote_address_group_id = addressGroup });
        var file = Path.Combine(Path.GetTempPath(), $"palisade-export-{Guid.NewGuid():N}.json");
        try
        {
            var listed = await server.Cli(source).RunAsync(0, "rule", "list", "office");
            await server.Cli(source).RunAsync(0, "export", "--file", file);
            var exported = JsonNode.Parse(await File.ReadAllTextAsync(file))!["groups"]!.AsArray().Single(g => (string?)g!["name"] == "office")!;

            var imported = await server.Cli(await server.NewProjectAsync()).RunAsync(1, "import", file);

            Assert.Contains($"address group {addressGroup}", listed.Stdout, StringComparison.Ordinal);
            Assert.Equal(addressGroup, (string?)exported["rules"]!.AsArray().Single(r => (string?)r!["direction"] == "ingress")!["remote_address_group_id"]);
            Assert.Contains("group 'office', rules[", imported.Stderr, StringComparison.Ordinal);
            Assert.Contains(addressGroup, imported.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>An address group of the project, made through Neutron's API (the native API has none).</summary>
    private async Task<string> AddressGroupAsync(string project, string cidr)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2.0/address-groups")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { address_group = new { name = "ag", project_id = project, addresses = new[] { cidr } } }),
        };
        request.Headers.Add("X-Auth-Token", CliServerFixture.AdminToken);
        using var response = await server.Api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return (string)JsonNode.Parse(text)!["address_group"]!["id"]!;
    }

    /// <summary>web (one egress rule removed, https in), db (postgres from web), and the default group with a rule added.</summary>
    private async Task<string> ArrangeSourceProjectAsync()
    {
        var project = await server.NewProjectAsync();
        var cli = server.Cli(project);
        var web = await cli.RunAsync(0, "group", "create", "web", "--description", "front", "-o", "json");
        await cli.RunAsync(0, "rule", "delete", "web", (string)web.Json["rules"]![1]!["id"]!);
        await cli.RunAsync(0, "rule", "add", "web", "--direction", "ingress", "--protocol", "tcp", "--port", "443", "--description", "https");
        await cli.RunAsync(0, "group", "create", "db", "--status", "disabled", "--stateless");
        await cli.RunAsync(0, "rule", "add", "db", "--direction", "ingress", "--protocol", "tcp", "--port", "5432", "--remote-group", "web");
        await cli.RunAsync(0, "rule", "add", "default", "--direction", "ingress", "--protocol", "icmp", "--icmp-type", "8");
        return project;
    }

    /// <summary>A project's groups as comparable text: name, settings, and each rule with remote groups named.</summary>
    private async Task<string> GroupsAsync(string project)
    {
        var groups = (await server.GetAsync($"/api/v1/security-groups?project_id={project}")).AsArray();
        var names = groups.ToDictionary(g => (string)g!["id"]!, g => (string)g!["name"]!);
        return string.Join('\n', groups
            .Select(g => $"{g!["name"]} {g["description"]} {g["status"]} {g["stateful"]}: " + string.Join("; ", g["rules"]!.AsArray()
                .Select(r => Rule(r!, names))
                .Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal));
    }

    private static string Rule(JsonNode rule, Dictionary<string, string> groupNames) =>
        string.Join(' ', rule["direction"], rule["ethertype"], rule["protocol"], rule["port_range_min"], rule["port_range_max"], rule["remote_ip_prefix"],
            rule["remote_ip_range"], rule["remote_group_id"] is { } id ? groupNames[(string)id!] : "", rule["description"], rule["log"]);
}
