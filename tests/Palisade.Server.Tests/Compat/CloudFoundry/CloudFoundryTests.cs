using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.CloudFoundry;

/// <summary>
/// The CAPI v3 security group endpoints request by request, from the examples of the CAPI v3
/// documentation (research/cf_cloudstack.md §A2–A5), as a platform admin and as a space role.
/// </summary>
public sealed class CloudFoundryTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>
{
    private const string DocumentedRules = """
        [ { "protocol": "tcp", "destination": "10.10.10.0/24", "ports": "443,80,8080" },
          { "protocol": "icmp", "destination": "10.10.10.0/24", "type": 8, "code": 0, "description": "Allow ping requests to private services" },
          { "protocol": "icmpv6", "destination": "::/0", "type": -1, "code": -1 },
          { "protocol": "udp", "destination": "10.0.0.0-10.0.0.255", "ports": "8000-9000", "log": true },
          { "protocol": "tcp", "destination": "1.1.1.1,2.2.2.2/24,10.0.0.0-10.0.0.255", "ports": "80,443,8080" } ]
        """;

    [Fact]
    public async Task Create_get_and_list_return_the_rules_exactly_as_sent()
    {
        var space = await server.NewProjectAsync("platform");
        var name = Name();

        var created = await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""
            { "name": "{{name}}", "globally_enabled": { "running": true }, "rules": {{DocumentedRules}},
              "relationships": { "staging_spaces": { "data": [ { "guid": "{{space.Id}}" } ] } } }
            """, 201);
        var guid = (string)created["guid"]!;
        var shown = await SendAsync(HttpMethod.Get, $"/v3/security_groups/{guid}", null, 200);
        var listed = await SendAsync(HttpMethod.Get, $"/v3/security_groups?names={name}", null, 200);
        var native = await server.GetAsync($"/api/v1/security-groups/{guid}");

        Assert.Equal(JsonNode.Parse(DocumentedRules)!.ToJsonString(), shown["rules"]!.ToJsonString());
        Assert.Equal((true, false), ((bool)shown["globally_enabled"]!["running"]!, (bool)shown["globally_enabled"]!["staging"]!));
        Assert.Equal(space.Id, (string)shown["relationships"]!["staging_spaces"]!["data"]![0]!["guid"]!);
        Assert.Empty(shown["relationships"]!["running_spaces"]!["data"]!.AsArray());
        Assert.EndsWith($"/v3/security_groups/{guid}", (string)shown["links"]!["self"]!["href"]!);
        Assert.Equal(1, (int)listed["pagination"]!["total_results"]!);
        Assert.Equal(guid, (string)listed["resources"]![0]!["guid"]!);
        Assert.Equal(3 + 1 + 1 + 1 + (3 * 3), native["rules"]!.AsArray().Count);
        Assert.All(native["rules"]!.AsArray(), r => Assert.Equal("egress", (string)r!["direction"]!));
    }

    [Theory]
    [InlineData("""[{"protocol": "foo", "destination": "10.0.0.0/8"}]""", "Rules[0]: protocol must be 'tcp', 'udp', 'icmp', 'icmpv6' or 'all'")]
    [InlineData("""[{"protocol": "tcp", "destination": "10.0.0.0/8"}]""", "Rules[0]: ports are required for protocols of type TCP and UDP")]
    [InlineData("""[{"protocol": "tcp", "destination": "10.0.0.0/8", "ports": "80-80"}]""", "Rules[0]: ports must be a valid single port, comma separated list of ports, or range or ports, formatted as a string")]
    [InlineData("""[{"protocol": "tcp", "destination": "10.0.0.0/8", "ports": "80,90-100"}]""", "ports must be a valid single port")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8", "ports": "80"}]""", "Rules[0]: ports are not allowed for protocols of type all")]
    [InlineData("""[{"protocol": "icmp", "destination": "10.0.0.0/8", "type": 8}]""", "Rules[0]: code is required for protocols of type ICMP")]
    [InlineData("""[{"protocol": "icmp", "destination": "10.0.0.0/8", "type": 256, "code": 0}]""", "Rules[0]: type must be an integer between -1 and 255 (inclusive)")]
    [InlineData("""[{"protocol": "icmp", "destination": "::/0", "type": 0, "code": 0}]""", "for protocol \"icmp\" you cannot use IPv6 addresses")]
    [InlineData("""[{"protocol": "all", "destination": "010.0.0.0/24"}]""", "Rules[0]: destination octets cannot contain leading zeros")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.5-10.0.0.1"}]""", "beginning of IP address range is numerically greater than the end of its range (range endpoints are inverted)")]
    [InlineData("""[{"protocol": "all", "destination": "1.1.1.1,,2.2.2.2"}]""", "Rules[0]: empty destination specified in comma-delimited list")]
    [InlineData("""[{"protocol": "all", "destination": "1.1.1.1,bogus"}]""", "Rules[0]: destination must contain valid CIDR(s), IP address(es), or IP address range(s)")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8 "}]""", "Rules[0]: destination must not contain whitespace")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8", "log": "yes", "blork": 1}]""", "Rules[0]: unknown field(s): [\"blork\"], Rules[0]: log must be a boolean")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8"}, {"protocol": "all"}]""", "Rules[1]: nil destination; destination must be a comma-delimited list of valid CIDRs, IP addresses, or IP address ranges")]
    [InlineData("""{"protocol": "all"}""", "Rules must be an array")]
    public async Task Invalid_rules_are_422_with_capis_texts_and_change_nothing(string rules, string detail)
    {
        var before = await server.RevisionAsync();

        var error = await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{Name()}}", "rules": {{rules}} }""", 422);

        Assert.Equal(10008, (int)error["errors"]![0]!["code"]!);
        Assert.Equal("CF-UnprocessableEntity", (string)error["errors"]![0]!["title"]!);
        Assert.Contains(detail, (string)error["errors"]![0]!["detail"]!);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task A_rule_may_name_up_to_6000_destinations()
    {
        string Destinations(int count) => string.Join(',', Enumerable.Range(0, count).Select(i => $"198.18.{i / 250}.{i % 250 + 1}"));

        var created = await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{Name()}}", "rules": [ { "protocol": "all", "destination": "{{Destinations(6000)}}" } ] }""", 201);
        var refused = await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{Name()}}", "rules": [ { "protocol": "all", "destination": "{{Destinations(6001)}}" } ] }""", 422);

        Assert.Equal(6000, ((string)created["rules"]![0]!["destination"]!).Split(',').Length);
        Assert.Contains("maximum destinations per rule exceeded - must be under 6000", (string)refused["errors"]![0]!["detail"]!);
    }

    [Fact]
    public async Task Update_replaces_rules_and_merges_globally_enabled()
    {
        var guid = await CreateAsync(globallyRunning: true);

        var updated = await SendAsync(HttpMethod.Patch, $"/v3/security_groups/{guid}", """
            { "globally_enabled": { "staging": true }, "rules": [ { "protocol": "tcp", "destination": "198.18.0.1", "ports": "53" } ] }
            """, 200);

        Assert.Equal((true, true), ((bool)updated["globally_enabled"]!["running"]!, (bool)updated["globally_enabled"]!["staging"]!));
        Assert.Single(updated["rules"]!.AsArray());
        Assert.Single((await server.GetAsync($"/api/v1/security-groups/{guid}"))["rules"]!.AsArray());
    }

    [Fact]
    public async Task Names_are_unique_and_unknown_keys_and_parameters_are_refused()
    {
        var name = Name();
        await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{name}}" }""", 201);

        var duplicate = await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{name}}" }""", 422);
        var unknownKey = await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{Name()}}", "colour": "red" }""", 422);
        var unknownParameter = await SendAsync(HttpMethod.Get, "/v3/security_groups?blork=1", null, 422);
        var globally = await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{Name()}}", "globally_enabled": { "running": "yes" } }""", 422);

        Assert.Contains($"Security group with name '{name}' already exists.", (string)duplicate["errors"]![0]!["detail"]!);
        Assert.Contains("colour", (string)unknownKey["errors"]![0]!["detail"]!);
        Assert.StartsWith("Unknown query parameter(s): 'blork'. Valid parameters are:", (string)unknownParameter["errors"]![0]!["detail"]!);
        Assert.Contains("values must be booleans", (string)globally["errors"]![0]!["detail"]!);
    }

    [Fact]
    public async Task Binding_spaces_and_what_a_space_role_sees_and_may_do()
    {
        var space = await server.NewProjectAsync("platform");
        var other = await server.NewProjectAsync("platform");
        var bound = await CreateAsync();
        var hidden = await CreateAsync();
        var global = await CreateAsync(globallyRunning: true);
        using var developer = await server.ClientForAsync(space.Id, "member");

        var data = await SendAsync(HttpMethod.Post, $"/v3/security_groups/{bound}/relationships/running_spaces", $$"""{ "data": [ { "guid": "{{space.Id}}" }, { "guid": "{{other.Id}}" } ] }""", 200);
        var again = await SendAsync(HttpMethod.Post, $"/v3/security_groups/{bound}/relationships/running_spaces", $$"""{ "data": [ { "guid": "{{space.Id}}" } ] }""", 200);
        var missingSpace = await SendAsync(HttpMethod.Post, $"/v3/security_groups/{bound}/relationships/staging_spaces", """{ "data": [ { "guid": "no-such-space" } ] }""", 422);
        var seen = await SendAsync(HttpMethod.Get, $"/v3/security_groups/{bound}", null, 200, developer);
        var listed = await SendAsync(HttpMethod.Get, "/v3/security_groups?per_page=5000", null, 200, developer);
        var running = await SendAsync(HttpMethod.Get, $"/v3/spaces/{space.Id}/running_security_groups", null, 200, developer);
        await SendAsync(HttpMethod.Get, $"/v3/security_groups/{hidden}", null, 404, developer);
        var forbidden = await SendAsync(HttpMethod.Patch, $"/v3/security_groups/{bound}", """{ "name": "mine" }""", 403, developer);
        await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{Name()}}" }""", 403, developer);

        Assert.Equal(2, data["data"]!.AsArray().Count);
        Assert.Equal(2, again["data"]!.AsArray().Count);
        Assert.Contains("do not exist, or you do not have access to them", (string)missingSpace["errors"]![0]!["detail"]!);
        Assert.Equal([space.Id], seen["relationships"]!["running_spaces"]!["data"]!.AsArray().Select(d => (string)d!["guid"]!));
        Assert.Equal(new[] { bound, global }.Order(), listed["resources"]!.AsArray().Select(g => (string)g!["guid"]!).Where(g => g == bound || g == global || g == hidden).Order());
        Assert.Equal(new[] { bound, global }.Order(), running["resources"]!.AsArray().Select(g => (string)g!["guid"]!).Where(g => g == bound || g == global).Order());
        Assert.Equal("CF-NotAuthorized", (string)forbidden["errors"]![0]!["title"]!);
    }

    [Fact]
    public async Task An_apps_running_port_gets_the_running_groups_and_its_staging_port_the_staging_ones()
    {
        var space = await server.NewProjectAsync("platform");
        var guid = await CreateAsync(rules: """[ { "protocol": "tcp", "destination": "198.18.200.0/24", "ports": "443" } ]""");
        await SendAsync(HttpMethod.Post, $"/v3/security_groups/{guid}/relationships/running_spaces", $$"""{ "data": [ { "guid": "{{space.Id}}" } ] }""", 200);
        var running = await server.PostAsync("/api/v1/ports", new { project_id = space.Id, network_id = space.NetworkId, phase = "running" });
        var staging = await server.PostAsync("/api/v1/ports", new { project_id = space.Id, network_id = space.NetworkId, phase = "staging" });
        object Flow(JsonNode port) => new { port_id = (string)port["id"]!, direction = "egress", protocol = "tcp", port = 443, remote_ip_address = "198.18.200.7" };

        Assert.Equal("allow", (string)(await server.PostAsync("/api/v1/explain", Flow(running), 200))["verdict"]!);
        Assert.Equal("drop", (string)(await server.PostAsync("/api/v1/explain", Flow(staging), 200))["verdict"]!);
    }

    [Fact]
    public async Task Unbinding_and_deleting_a_bound_group_through_a_job()
    {
        var space = await server.NewProjectAsync("platform");
        var guid = await CreateAsync();
        await SendAsync(HttpMethod.Post, $"/v3/security_groups/{guid}/relationships/staging_spaces", $$"""{ "data": [ { "guid": "{{space.Id}}" } ] }""", 200);

        await SendAsync(HttpMethod.Delete, $"/v3/security_groups/{guid}/relationships/staging_spaces/{space.Id}", null, 204);
        var notBound = await SendAsync(HttpMethod.Delete, $"/v3/security_groups/{guid}/relationships/staging_spaces/{space.Id}", null, 422);
        await SendAsync(HttpMethod.Post, $"/v3/security_groups/{guid}/relationships/running_spaces", $$"""{ "data": [ { "guid": "{{space.Id}}" } ] }""", 200);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/v3/security_groups/{guid}");
        using var response = await server.Client.SendAsync(delete);
        var job = await SendAsync(HttpMethod.Get, response.Headers.Location!.PathAndQuery, null, 200);

        Assert.Contains($"Unable to unbind security group from space with guid '{space.Id}'", (string)notBound["errors"]![0]!["detail"]!);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(("security_group.delete", "COMPLETE"), ((string)job["operation"]!, (string)job["state"]!));
        await SendAsync(HttpMethod.Get, $"/v3/security_groups/{guid}", null, 404);
        Assert.DoesNotContain(guid, (await server.GetAsync("/api/v1/bindings")).ToJsonString());
    }

    private async Task<string> CreateAsync(bool globallyRunning = false, string rules = "[]")
    {
        var created = await SendAsync(HttpMethod.Post, "/v3/security_groups",
            $$"""{ "name": "{{Name()}}", "globally_enabled": { "running": {{(globallyRunning ? "true" : "false")}} }, "rules": {{rules}} }""", 201);
        return (string)created["guid"]!;
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, string? body, int status, HttpClient? caller = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = (caller ?? server.Client).DefaultRequestHeaders.Authorization is { } auth ? new AuthenticationHeaderValue("bearer", auth.Parameter) : null;
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{method} {path}: expected {status}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    private static string Name() => "asg-" + Guid.NewGuid().ToString("N")[..8];
}
