using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.Neutron;

/// <summary>
/// Neutron's conventions that clients rely on without naming them: every /v2.0 answer in
/// NeutronError shape (also for routes that do not exist), <c>.json</c> paths, and the text of a
/// remote prefix or address kept as the client gave it (issue 14).
/// </summary>
public sealed class NeutronConventionsTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private TestProject project = null!;
    private HttpClient neutron = null!;

    public async Task InitializeAsync()
    {
        project = await server.NewProjectAsync();
        using var member = await server.ClientForAsync(project.Id, "member");
        neutron = new HttpClient { BaseAddress = server.Client.BaseAddress };
        neutron.DefaultRequestHeaders.Add("X-Auth-Token", member.DefaultRequestHeaders.Authorization!.Parameter);
    }

    public Task DisposeAsync()
    {
        neutron.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("GET", "/v2.0/no-such-resources", 404, "HTTPNotFound")]
    [InlineData("GET", "/v2.0/security-groups/{default}/no-such-part", 404, "HTTPNotFound")]
    [InlineData("POST", "/v2.0/no-such-resources", 404, "HTTPNotFound")]
    [InlineData("DELETE", "/v2.0/security-groups", 405, "HTTPMethodNotAllowed")]
    [InlineData("PATCH", "/v2.0/security-groups/{default}", 405, "HTTPMethodNotAllowed")]
    [InlineData("PUT", "/v2.0/security-group-rules", 405, "HTTPMethodNotAllowed")]
    public async Task A_route_that_does_not_exist_or_a_method_it_does_not_take_is_a_neutron_error(string method, string path, int status, string type)
    {
        var before = await server.RevisionAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{default}", project.DefaultGroupId, StringComparison.Ordinal))
        {
            Content = method is "GET" or "DELETE" ? null : new StringContent("{\"security_group\": {\"name\": \"x\"}}", Encoding.UTF8, "application/json"),
        };
        using var response = await neutron.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(type, (string)error["type"]!);
        Assert.False(string.IsNullOrEmpty((string)error["message"]!));
        Assert.Equal("", (string)error["detail"]!);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_neutron_413()
    {
        var before = await server.RevisionAsync();
        using var content = new StringContent($"{{\"security_group\": {{\"name\": \"x\", \"description\": \"{new string('a', 2 << 20)}\"}}}}", Encoding.UTF8, "application/json");

        using var response = await neutron.PostAsync("/v2.0/security-groups", content);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("HTTPRequestEntityTooLarge", (string)error["type"]!);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task A_405_names_the_methods_the_route_takes()
    {
        using var response = await neutron.DeleteAsync("/v2.0/security-groups");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_json_suffix_names_the_same_list()
    {
        var plain = await GetAsync("/v2.0/security-groups");
        var suffixed = await GetAsync("/v2.0/security-groups.json");

        Assert.Equal(Ids(plain["security_groups"]!), Ids(suffixed["security_groups"]!));
    }

    [Fact]
    public async Task A_json_suffix_names_the_same_group()
    {
        var shown = await GetAsync($"/v2.0/security-groups/{project.DefaultGroupId}.json");

        Assert.Equal(project.DefaultGroupId, (string)shown["security_group"]!["id"]!);
    }

    [Fact]
    public async Task A_json_suffix_creates_and_deletes_as_the_plain_path_does()
    {
        using var created = await neutron.PostAsJsonAsync("/v2.0/security-groups.json", new { security_group = new { name = "suffixed" } });
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["security_group"]!["id"]!;
        using var deleted = await neutron.DeleteAsync($"/v2.0/security-groups/{id}.json");
        using var gone = await neutron.GetAsync($"/v2.0/security-groups/{id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task An_unknown_json_path_is_a_neutron_404()
    {
        using var response = await neutron.GetAsync("/v2.0/no-such-resources.json");
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("HTTPNotFound", (string)error["type"]!);
    }

    [Theory]
    [InlineData("IPv4", "10.0.0.1/24", "10.0.0.1/24", "10.0.0.0/24")]
    [InlineData("IPv4", "0.0.0.0/0", "0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("IPv4", "198.18.0.7", "198.18.0.7/32", "198.18.0.7/32")]
    [InlineData("IPv4", "198.18.4.0/22", "198.18.4.0/22", "198.18.4.0/22")]
    [InlineData("IPv6", "2001:DB8::1/64", "2001:db8::1/64", "2001:db8::/64")]
    [InlineData("IPv6", "::/0", "::/0", "::/0")]
    public async Task A_remote_ip_prefix_is_shown_as_given_with_its_network_as_normalized_cidr(string ethertype, string given, string shown, string normalized)
    {
        var group = await CreateGroupAsync("prefix");
        var created = await CreateRuleAsync(group, ethertype, given, 22);
        var read = (await GetAsync($"/v2.0/security-group-rules/{(string)created["id"]!}"))["security_group_rule"]!;

        Assert.Equal((shown, normalized), ((string?)created["remote_ip_prefix"], (string?)created["normalized_cidr"]));
        Assert.Equal((shown, normalized), ((string?)read["remote_ip_prefix"], (string?)read["normalized_cidr"]));
    }

    [Theory]
    [InlineData("remote_ip_prefix=10.0.0.1/24", 1)]
    [InlineData("remote_ip_prefix=10.0.0.0/24", 0)]
    [InlineData("normalized_cidr=10.0.0.0/24", 1)]
    [InlineData("normalized_cidr=10.0.0.1/24", 0)]
    public async Task A_prefix_filter_matches_the_form_given_and_a_normalized_cidr_filter_the_network(string filter, int expected)
    {
        var group = await CreateGroupAsync("filtered");
        await CreateRuleAsync(group, "IPv4", "10.0.0.1/24", 22);

        var listed = await GetAsync($"/v2.0/security-group-rules?security_group_id={group}&{filter}");

        Assert.Equal(expected, listed["security_group_rules"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("203.0.113.77/24", 22, "203.0.113.9", "allow")]
    [InlineData("203.0.113.77/24", 22, "192.0.2.9", "drop")]
    [InlineData("0.0.0.0/0", 2222, "192.0.2.9", "allow")]
    public async Task A_prefix_given_with_host_bits_or_as_slash_zero_is_enforced_as_its_network(string given, int port, string peer, string verdict)
    {
        var group = await CreateGroupAsync("enforced");
        await CreateRuleAsync(group, "IPv4", given, port);
        var bound = await server.PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = project.Address(Random.Shared.Next(10, 250)) } },
            host = "hv1",
            security_groups = new[] { group },
        });

        var explained = await server.PostAsync("/api/v1/explain", new { port_id = (string)bound["id"]!, direction = "ingress", protocol = "tcp", remote_ip_address = peer, port }, 200);

        Assert.Equal(verdict, (string)explained["verdict"]!);
    }

    [Theory]
    [InlineData("198.18.0.2")]
    [InlineData("198.19.3.1/24")]
    [InlineData("198.19.200.0/28")]
    [InlineData("2001:db8::5")]
    public async Task An_allowed_address_pair_is_shown_as_given(string given)
    {
        var port = (string)(await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId }))["id"]!;

        using var updated = await neutron.PutAsJsonAsync($"/v2.0/ports/{port}", new { port = new { allowed_address_pairs = new[] { new { ip_address = given } } } });
        var answered = JsonNode.Parse(await updated.Content.ReadAsStringAsync())!["port"]!;
        var shown = (await GetAsync($"/v2.0/ports/{port}"))["port"]!;

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(given, (string)answered["allowed_address_pairs"]![0]!["ip_address"]!);
        Assert.Equal(given, (string)shown["allowed_address_pairs"]![0]!["ip_address"]!);
    }

    [Fact]
    public async Task An_allowed_address_pair_given_with_host_bits_admits_its_network()
    {
        // Both ports are in the project's default group, whose rules admit members of the default group.
        var target = (string)(await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId }))["id"]!;
        var peer = (string)(await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId }))["id"]!;
        using var updated = await neutron.PutAsJsonAsync($"/v2.0/ports/{peer}", new { port = new { allowed_address_pairs = new[] { new { ip_address = "198.19.3.1/24" } } } });

        var explained = await server.PostAsync("/api/v1/explain", new { port_id = target, direction = "ingress", protocol = "tcp", remote_ip_address = "198.19.3.200", port = 22 }, 200);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("allow", (string)explained["verdict"]!);
    }

    [Fact]
    public async Task A_bulk_create_takes_groups_wrapped_in_their_singular_name()
    {
        var body = new { security_groups = new object[] { new { security_group = new { name = "wrapped-a" } }, new { security_group = new { name = "wrapped-b", description = "b" } }, new { name = "bare-c" } } };

        using var response = await neutron.PostAsJsonAsync("/v2.0/security-groups", body);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        Assert.Equal(["wrapped-a", "wrapped-b", "bare-c"], created["security_groups"]!.AsArray().Select(g => (string)g!["name"]!));
        Assert.Equal("b", (string)created["security_groups"]![1]!["description"]!);
    }

    [Fact]
    public async Task A_bulk_create_takes_rules_wrapped_in_their_singular_name()
    {
        var group = await CreateGroupAsync("wrapped-rules");
        object Rule(int port) => new { security_group_rule = new { security_group_id = group, direction = "ingress", protocol = "tcp", port_range_min = port, port_range_max = port } };

        using var response = await neutron.PostAsJsonAsync("/v2.0/security-group-rules", new { security_group_rules = new[] { Rule(80), Rule(443) } });
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var listed = await GetAsync($"/v2.0/security-group-rules?security_group_id={group}&direction=ingress");

        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        Assert.Equal([80, 443], created["security_group_rules"]!.AsArray().Select(r => (int)r!["port_range_min"]!).Order());
        Assert.Equal(2, listed["security_group_rules"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_wrapped_bulk_item_is_checked_as_a_bare_one()
    {
        var before = await server.RevisionAsync();
        var body = new { security_groups = new object[] { new { security_group = new { name = "fine" } }, new { security_group = new { name = "x", colour = "red" } } } };

        using var response = await neutron.PostAsJsonAsync("/v2.0/security-groups", body);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Unrecognized attribute(s) 'colour'", (string)error["message"]!);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Theory]
    [InlineData("ethertype=ipv6", "v6")]
    [InlineData("ethertype=IPV4", "v4")]
    [InlineData("protocol=TCP", "v4")]
    [InlineData("protocol=Udp", "v6")]
    [InlineData("port_range_min=022", "v4")]
    [InlineData("remote_ip_prefix=198.19.9.7", "v4")]
    [InlineData("remote_ip_prefix=2001:DB8::1/64", "v6")]
    public async Task A_rule_filter_value_is_converted_as_neutron_converts_it_before_matching(string filter, string expected)
    {
        var group = await CreateGroupAsync("converted");
        var v4 = await CreateRuleAsync(group, "IPv4", "198.19.9.7", 22);
        var v6 = (string)(await CreateRuleAsync(group, "IPv6", "2001:db8::1/64", 53, "udp"))["id"]!;

        var listed = await GetAsync($"/v2.0/security-group-rules?security_group_id={group}&direction=ingress&{filter}");

        Assert.Equal([expected == "v4" ? (string)v4["id"]! : v6], listed["security_group_rules"]!.AsArray().Select(r => (string)r!["id"]!));
    }

    [Theory]
    [InlineData("protocol=0")]
    [InlineData("protocol=ip")]
    [InlineData("protocol=any")]
    public async Task A_protocol_filter_that_means_any_lists_the_rules_for_every_protocol(string filter)
    {
        var group = await CreateGroupAsync("any-protocol");
        await CreateRuleAsync(group, "IPv4", "198.19.9.8/32", 22);
        using var created = await neutron.PostAsJsonAsync("/v2.0/security-group-rules", new { security_group_rule = new { security_group_id = group, direction = "ingress", ethertype = "IPv4", protocol = 0, remote_ip_prefix = "198.19.9.9/32" } });
        var any = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["security_group_rule"]!["id"]!;

        var listed = await GetAsync($"/v2.0/security-group-rules?security_group_id={group}&direction=ingress&{filter}");

        Assert.Equal([any], listed["security_group_rules"]!.AsArray().Select(r => (string)r!["id"]!));
    }

    [Theory]
    [InlineData("ethertype=IPv5", "SecurityGroupRuleInvalidEtherType")]
    [InlineData("protocol=bad_protocol_name", "SecurityGroupRuleInvalidProtocol")]
    [InlineData("port_range_min=abc", "SecurityGroupInvalidPortValue")]
    [InlineData("remote_ip_prefix=bad_prefix", "InvalidCIDR")]
    public async Task A_rule_filter_value_neutron_cannot_convert_is_its_400(string filter, string type)
    {
        using var response = await neutron.GetAsync($"/v2.0/security-group-rules?{filter}");
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(type, (string)error["type"]!);
    }

    [Theory]
    [InlineData("ethertype=ipv6", "ethertype", "IPv6")]
    [InlineData("used_in_default_sg=1", "used_in_default_sg", "true")]
    public async Task A_default_rule_template_filter_value_is_converted_before_matching(string filter, string field, string value)
    {
        var listed = (await GetAsync($"/v2.0/default-security-group-rules?{filter}"))["default_security_group_rules"]!.AsArray();

        Assert.NotEmpty(listed);
        Assert.All(listed, t => Assert.Equal(value, t![field]!.ToJsonString().Trim('"')));
    }

    [Theory]
    [InlineData("stateful=0", false)]
    [InlineData("stateful=FALSE", false)]
    [InlineData("stateful=yes", true)]
    public async Task A_boolean_group_filter_is_read_as_neutron_reads_booleans(string filter, bool stateful)
    {
        using var created = await neutron.PostAsJsonAsync("/v2.0/security-groups", new { security_group = new { name = "stateless", stateful = false } });
        var stateless = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["security_group"]!["id"]!;

        var listed = (await GetAsync($"/v2.0/security-groups?{filter}"))["security_groups"]!.AsArray();

        Assert.NotEmpty(listed);
        Assert.All(listed, g => Assert.Equal(stateful, (bool)g!["stateful"]!));
        Assert.Equal(!stateful, listed.Any(g => (string)g!["id"]! == stateless));
    }

    private async Task<string> CreateGroupAsync(string name)
    {
        using var response = await neutron.PostAsJsonAsync("/v2.0/security-groups", new { security_group = new { name } });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        return (string)body["security_group"]!["id"]!;
    }

    private async Task<JsonNode> CreateRuleAsync(string group, string ethertype, string prefix, int port, string protocol = "tcp")
    {
        var rule = new { security_group_id = group, direction = "ingress", ethertype, protocol, port_range_min = port, port_range_max = port, remote_ip_prefix = prefix };
        using var response = await neutron.PostAsJsonAsync("/v2.0/security-group-rules", new { security_group_rule = rule });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        return body["security_group_rule"]!;
    }

    private static List<string> Ids(JsonNode list) => [.. list.AsArray().Select(g => (string)g!["id"]!).Order(StringComparer.Ordinal)];

    private async Task<JsonNode> GetAsync(string path)
    {
        using var response = await neutron.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
