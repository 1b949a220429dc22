using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.CloudFoundry;

/// <summary>
/// One ASG seen through every API (issue 14, "One rule, every API"): a CF rule to an address range
/// is never shown wider than it is (Neutron: an address group of its exact cover; native: the
/// range), and a rule another API adds to an ASG shows in /v3 in CF's shape.
/// </summary>
public sealed class CfRulesInEveryApiTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>
{
    private const string RangeRule = """{ "protocol": "tcp", "destination": "10.0.0.1-10.0.0.9", "ports": "443" }""";
    private static readonly string[] Cover = ["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/30", "10.0.0.8/31"];

    [Fact]
    public async Task Neutron_shows_a_range_rule_as_an_address_group_not_as_any_address()
    {
        var guid = await CreateAsgAsync(RangeRule);

        var rule = (await NeutronAsync(HttpMethod.Get, $"/v2.0/security-group-rules?security_group_id={guid}", ServerFixture.AdminToken))["security_group_rules"]!.AsArray().Single()!;

        Assert.Null(rule["remote_ip_prefix"]);
        Assert.Equal((string)rule["id"]!, (string)rule["remote_address_group_id"]!);
    }

    [Fact]
    public async Task The_address_group_of_a_range_rule_holds_its_exact_cidr_cover()
    {
        var guid = await CreateAsgAsync(RangeRule);
        var ruleId = await RuleIdAsync(guid);

        var group = (await NeutronAsync(HttpMethod.Get, $"/v2.0/address-groups/{ruleId}", ServerFixture.AdminToken))["address_group"]!;

        Assert.Equal(Cover, group["addresses"]!.AsArray().Select(a => (string)a!));
    }

    [Fact]
    public async Task A_space_member_reads_the_address_group_of_a_range_rule_bound_to_its_space_but_cannot_change_it()
    {
        var space = await server.NewProjectAsync("platform");
        var guid = await CreateAsgAsync(RangeRule, $$""", "relationships": { "running_spaces": { "data": [ { "guid": "{{space.Id}}" } ] } }""");
        var ruleId = await RuleIdAsync(guid);
        var member = await server.NewPrincipalAsync(space.Id, "member");

        var read = await NeutronAsync(HttpMethod.Get, $"/v2.0/address-groups/{ruleId}", member.Token);
        var change = await NeutronAsync(HttpMethod.Put, $"/v2.0/address-groups/{ruleId}/add_addresses", member.Token, """{ "addresses": ["192.0.2.0/24"] }""", 403);

        Assert.Equal(Cover, read["address_group"]!["addresses"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("PolicyNotAuthorized", (string)change["NeutronError"]!["type"]!);
    }

    [Fact]
    public async Task The_native_api_shows_a_comma_list_rule_as_one_rule_per_destination_with_the_range_as_given()
    {
        var guid = await CreateAsgAsync("""{ "protocol": "all", "destination": "10.0.0.1-10.0.0.9,192.0.2.0/24" }""");

        var rules = (await server.GetAsync($"/api/v1/security-groups/{guid}"))["rules"]!.AsArray();

        Assert.Equal(["10.0.0.1-10.0.0.9", null], rules.Select(r => (string?)r!["remote_ip_range"]));
        Assert.Equal([null, "192.0.2.0/24"], rules.Select(r => (string?)r!["remote_ip_prefix"]));
    }

    [Fact]
    public async Task A_rule_added_through_neutron_to_an_asg_shows_in_v3_in_cf_shape_after_the_rules_cf_sent()
    {
        var guid = await CreateAsgAsync(RangeRule);
        await NeutronAsync(HttpMethod.Post, "/v2.0/security-group-rules", ServerFixture.AdminToken, $$"""
            { "security_group_rule": { "security_group_id": "{{guid}}", "direction": "egress", "ethertype": "IPv4", "protocol": "udp",
              "port_range_min": 53, "port_range_max": 53, "remote_ip_prefix": "192.0.2.0/24", "description": "dns" } }
            """, 201);

        var rules = (await CfAsync(HttpMethod.Get, $"/v3/security_groups/{guid}", null, 200))["rules"]!;

        Assert.Equal(
            JsonNode.Parse($$"""[ {{RangeRule}}, { "protocol": "udp", "ports": "53", "destination": "192.0.2.0/24", "description": "dns" } ]""")!.ToJsonString(),
            rules.ToJsonString());
    }

    [Fact]
    public async Task A_cf_rule_that_repeats_another_is_shown_twice_as_sent_and_enforced_once()
    {
        var guid = await CreateAsgAsync($"{RangeRule}, {RangeRule}");

        var rules = (await CfAsync(HttpMethod.Get, $"/v3/security_groups/{guid}", null, 200))["rules"]!;
        var native = (await server.GetAsync($"/api/v1/security-groups/{guid}"))["rules"]!.AsArray();

        Assert.Equal(JsonNode.Parse($"[{RangeRule}, {RangeRule}]")!.ToJsonString(), rules.ToJsonString());
        Assert.Single(native);
    }

    [Fact]
    public async Task Deleting_an_asg_an_admin_put_on_a_port_is_refused_as_in_every_api_and_changes_nothing()
    {
        var guid = await CreateAsgAsync(RangeRule);
        var project = await server.NewProjectAsync();
        var port = (string)(await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, security_groups = new[] { guid } }))["id"]!;
        var before = await server.RevisionAsync();

        var refused = await CfAsync(HttpMethod.Delete, $"/v3/security_groups/{guid}", null, 422);

        Assert.Equal((10008, $"Security group {guid} is in use: bound to port {port}."), ((int)refused["errors"]![0]!["code"]!, (string)refused["errors"]![0]!["detail"]!));
        Assert.Equal(before, await server.RevisionAsync());
    }

    private async Task<string> RuleIdAsync(string guid) =>
        (string)(await server.GetAsync($"/api/v1/security-groups/{guid}"))["rules"]!.AsArray().Single()!["id"]!;

    private async Task<string> CreateAsgAsync(string rules, string more = "")
    {
        var created = await CfAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "asg-{{Guid.NewGuid():N}}", "rules": [ {{rules}} ]{{more}} }""", 201);
        return (string)created["guid"]!;
    }

    private async Task<JsonNode> CfAsync(HttpMethod method, string path, string? body, int status)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", ServerFixture.AdminToken);
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{method} {path}: expected {status}, got {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<JsonNode> NeutronAsync(HttpMethod method, string path, string token, string? body = null, int status = 200)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Auth-Token", token);
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{method} {path}: expected {status}, got {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
