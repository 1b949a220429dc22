using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.Neutron;

/// <summary>Neutron's conventions request by request, with the texts tempest asserts (research/neutron.md §1, §3.4).</summary>
public sealed class NeutronHttpTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
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

    [Fact]
    public async Task Extensions_list_exactly_the_aliases_served()
    {
        var extensions = await GetAsync("/v2.0/extensions");
        var aliases = extensions["extensions"]!.AsArray().Select(e => (string)e!["alias"]!).ToHashSet();

        Assert.Contains("security-group", aliases);
        Assert.Contains("port-security", aliases);
        Assert.Contains("allowed-address-pairs", aliases);
        Assert.Contains("quotas", aliases);
        Assert.DoesNotContain("rbac-security-groups", aliases);
        Assert.Contains("security-groups-default-rules", aliases);
        Assert.Contains("standard-attr-tag", aliases);
        Assert.Equal("security-group", (string)(await GetAsync("/v2.0/extensions/security-group"))["extension"]!["alias"]!);
        await ErrorAsync(HttpMethod.Get, "/v2.0/extensions/rbac-security-groups", null, 404, "ExtensionNotFound");
    }

    [Theory]
    [InlineData("tcp", -16, 80, "SecurityGroupInvalidPortValue", "Invalid value for port -16")]
    [InlineData("tcp", 80, 79, "SecurityGroupInvalidPortRange", "port_range_min must be <= port_range_max")]
    [InlineData("tcp", 80, 65536, "SecurityGroupInvalidPortValue", "Invalid value for port 65536")]
    [InlineData("tcp", null, 6, "SecurityGroupInvalidPortRange", "port_range_min must be <= port_range_max")]
    [InlineData("tcp", -16, 65536, "SecurityGroupInvalidPortValue", "Invalid value for port")]
    [InlineData("tcp", 22, null, "SecurityGroupInvalidPortRange", "port_range_min must be <= port_range_max")]
    [InlineData("6", 70, null, "SecurityGroupInvalidPortRange", "port_range_min must be <= port_range_max")]
    [InlineData("udp", 0, 53, "SecurityGroupInvalidPortValue", "Invalid value for port 0")]
    [InlineData("icmp", 1, 256, "SecurityGroupInvalidIcmpValue", "Invalid value for ICMP code")]
    [InlineData("icmp", -1, 25, "SecurityGroupInvalidPortValue", "Invalid value")]
    [InlineData("icmp", null, 6, "SecurityGroupMissingIcmpType", "ICMP code (port-range-max) 6 is provided but ICMP type (port-range-min) is missing.")]
    [InlineData("icmp", null, 0, "SecurityGroupMissingIcmpType", "ICMP type (port-range-min) is missing")]
    [InlineData("icmp", 300, 1, "SecurityGroupInvalidIcmpValue", "Invalid value for ICMP type (port_range_min) 300. It must be 0 to 255.")]
    public async Task Invalid_ports_are_refused_with_tempests_texts(string protocol, int? min, int? max, string type, string text)
    {
        var rule = new JsonObject { ["security_group_id"] = project.DefaultGroupId, ["direction"] = "ingress", ["protocol"] = protocol, ["port_range_min"] = min, ["port_range_max"] = max };
        var message = await ErrorAsync(HttpMethod.Post, "/v2.0/security-group-rules", new JsonObject { ["security_group_rule"] = rule }, 400, type);
        Assert.Contains(text, message);
    }

    [Theory]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"colour\": \"red\"}}", 400, "HTTPBadRequest", "Unrecognized attribute(s) 'colour'")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\"}}", 400, "HTTPBadRequest", "Required attribute 'direction' not specified")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"ethertype\": \"IPv5\"}}", 400, "SecurityGroupRuleInvalidEtherType", "IPv5")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"protocol\": \"ipv6-icmp\"}}", 400, "SecurityGroupEthertypeConflictWithProtocol", "Invalid ethertype IPv4")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"remote_ip_prefix\": \"198.18.0.0/16\", \"remote_group_id\": \"G\"}}", 400, "SecurityGroupMultipleRemoteEntites", "Only one of")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"remote_group_id\": \"00000000-0000-0000-0000-000000000000\"}}", 404, "SecurityGroupNotFound", "does not exist")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"00000000-0000-0000-0000-000000000000\", \"direction\": \"ingress\"}}", 404, "SecurityGroupNotFound", "does not exist")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"protocol\": \"gre\", \"port_range_min\": 1, \"port_range_max\": 2}}", 400, "SecurityGroupInvalidProtocolForPort", "gre")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\"", 400, "HTTPBadRequest", "Malformed request body")]
    [InlineData("{\"security_group_rule\": {\"direction\": \"ingress\"}}", 400, "HTTPBadRequest", "Required attribute 'security_group_id' not specified")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": 0, \"direction\": \"ingress\"}}", 400, "HTTPBadRequest", "Invalid input for security_group_id")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"0123456789012345678901234567890123456\", \"direction\": \"ingress\"}}", 400, "HTTPBadRequest", "exceeds maximum length of 36")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"inbound\"}}", 400, "HTTPBadRequest", "Invalid input for direction. Reason: 'inbound' is not in ['ingress', 'egress'].")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"protocol\": \"bad_protocol_name\"}}", 400, "SecurityGroupRuleInvalidProtocol", "Security group rule protocol bad_protocol_name not supported.")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"protocol\": \"256\"}}", 400, "SecurityGroupRuleInvalidProtocol", "protocol 256 not supported")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": \"abc\", \"port_range_max\": 80}}", 400, "SecurityGroupInvalidPortValue", "Invalid value for port abc")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"remote_ip_prefix\": \"192.168.1./24\"}}", 400, "InvalidCIDR", "Invalid CIDR 192.168.1./24 given as IP prefix.")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"remote_ip_prefix\": \"192.168.1.1/33\"}}", 400, "InvalidCIDR", "Invalid CIDR 192.168.1.1/33 given as IP prefix.")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"remote_ip_prefix\": \"bad_prefix\"}}", 400, "InvalidCIDR", "Invalid CIDR bad_prefix given as IP prefix.")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"remote_ip_prefix\": \"256\"}}", 400, "InvalidCIDR", "Invalid CIDR 256 given as IP prefix.")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"ethertype\": \"IPv6\", \"remote_ip_prefix\": \"10.0.0.0/24\"}}", 400, "SecurityGroupRuleParameterConflict", "Conflicting value ethertype IPv6 for CIDR 10.0.0.0/24")]
    [InlineData("{\"security_group_rule\": {\"security_group_id\": \"G\", \"direction\": \"ingress\", \"remote_group_id\": \"bad_group_id\"}}", 404, "SecurityGroupNotFound", "bad_group_id")]
    public async Task Bad_rules_get_neutron_errors_and_change_nothing(string body, int status, string type, string text)
    {
        var before = await server.RevisionAsync();
        using var content = new StringContent(body.Replace("\"G\"", $"\"{project.DefaultGroupId}\"", StringComparison.Ordinal), Encoding.UTF8, "application/json");
        using var response = await neutron.PostAsync("/v2.0/security-group-rules", content);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(type, (string)error["type"]!);
        Assert.Contains(text, (string)error["message"]!);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task A_bulk_rule_create_is_all_or_nothing()
    {
        var group = await CreateGroupAsync("bulk");
        object Rule(int port) => new { security_group_id = group, direction = "ingress", protocol = "tcp", port_range_min = port, port_range_max = port };

        var refused = await ErrorAsync(HttpMethod.Post, "/v2.0/security-group-rules", JsonSerializeToNode(new { security_group_rules = new[] { Rule(80), Rule(80) } }), 409);
        using var response = await neutron.PostAsJsonAsync("/v2.0/security-group-rules", new { security_group_rules = new[] { Rule(80), Rule(443) } });
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var rules = await GetAsync($"/v2.0/security-group-rules?security_group_id={group}");

        Assert.Contains("duplicates", refused);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, created["security_group_rules"]!.AsArray().Count);
        Assert.Equal(4, rules["security_group_rules"]!.AsArray().Count);
    }

    [Fact]
    public async Task Lists_filter_project_fields_sort_and_page_with_links()
    {
        foreach (var name in new[] { "test1", "abc1", "test10", "123test" })
        {
            await CreateGroupAsync(name);
        }

        var filtered = await GetAsync("/v2.0/security-groups?name=test1&name=abc1&fields=id&fields=name");
        var sorted = await GetAsync("/v2.0/security-groups?sort_key=name&sort_dir=desc");
        var first = await GetAsync("/v2.0/security-groups?sort_key=name&sort_dir=asc&limit=2");
        var next = (string)first["security_groups_links"]![0]!["href"]!;
        var second = await GetAsync(new Uri(next).PathAndQuery);

        Assert.Equal(["abc1", "test1"], filtered["security_groups"]!.AsArray().Select(g => (string)g!["name"]!).Order());
        Assert.All(filtered["security_groups"]!.AsArray(), g => Assert.Equal(["id", "name"], g!.AsObject().Select(p => p.Key).Order()));
        Assert.Equal(["test10", "test1", "default", "abc1", "123test"], sorted["security_groups"]!.AsArray().Select(g => (string)g!["name"]!));
        Assert.Equal(["123test", "abc1"], first["security_groups"]!.AsArray().Select(g => (string)g!["name"]!));
        Assert.Equal(["default", "test1"], second["security_groups"]!.AsArray().Select(g => (string)g!["name"]!));
        Assert.Contains("is invalid attribute for filtering", await ErrorAsync(HttpMethod.Get, "/v2.0/security-groups?colour=red", null, 400));
        Assert.Contains("invalid attribute for sort_keys", await ErrorAsync(HttpMethod.Get, "/v2.0/security-groups?sort_key=description&sort_dir=asc", null, 400));
        Assert.Contains("Limit must be an integer 0 or greater", await ErrorAsync(HttpMethod.Get, "/v2.0/security-groups?limit=-1", null, 400));
    }

    [Theory]
    [InlineData("PUT", "group", "stale", 412, "HTTPPreconditionFailed")]
    [InlineData("DELETE", "group", "stale", 412, "HTTPPreconditionFailed")]
    [InlineData("DELETE", "rule", "stale", 412, "HTTPPreconditionFailed")]
    [InlineData("PUT", "group", "revision_number=abc", 400, "HTTPBadRequest")]
    [InlineData("DELETE", "rule", "revision_number=abc", 400, "HTTPBadRequest")]
    public async Task If_match_with_a_stale_revision_number_is_412_and_a_malformed_one_400(string method, string resource, string ifMatch, int status, string type)
    {
        var group = await CreateGroupAsync("revisions");
        var rule = (await GetAsync($"/v2.0/security-group-rules?security_group_id={group}"))["security_group_rules"]![0]!;
        var path = resource == "group" ? $"/v2.0/security-groups/{group}" : $"/v2.0/security-group-rules/{rule["id"]}";
        var revision = (long)(await GetAsync(path))[resource == "group" ? "security_group" : "security_group_rule"]!["revision_number"]!;
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "PUT" ? JsonContent.Create(new { security_group = new { description = "x" } }) : null };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch == "stale" ? $"revision_number={revision - 1}" : ifMatch);
        var before = await server.RevisionAsync();

        using var response = await neutron.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(type, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!["type"]!);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task Names_default_are_refused_and_stateful_cannot_change_while_bound()
    {
        var group = await CreateGroupAsync("bound");
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, security_groups = new[] { group } });

        Assert.Contains("Default security group already exists", await ErrorAsync(HttpMethod.Post, "/v2.0/security-groups", JsonSerializeToNode(new { security_group = new { name = "Default" } }), 409));
        Assert.Contains("in use", await ErrorAsync(HttpMethod.Put, $"/v2.0/security-groups/{group}", JsonSerializeToNode(new { security_group = new { stateful = false } }), 409));
        Assert.Contains("Duplicate items", await ErrorAsync(HttpMethod.Put, $"/v2.0/ports/{port["id"]}", JsonSerializeToNode(new { port = new { security_groups = new[] { group, group } } }), 400));
        Assert.Contains("Cannot update read-only attribute", await ErrorAsync(HttpMethod.Put, $"/v2.0/ports/{port["id"]}", JsonSerializeToNode(new { port = new { mac_address = "fa:16:3e:00:00:01" } }), 400));
        Assert.Contains("has security group associated", await ErrorAsync(HttpMethod.Put, $"/v2.0/ports/{port["id"]}", JsonSerializeToNode(new { port = new { port_security_enabled = false } }), 409));
    }

    [Theory]
    [InlineData("-1", 200)]
    [InlineData("0", 200)]
    [InlineData("10", 200)]
    [InlineData("2147483647", 200)]
    [InlineData("-2", 400)]
    [InlineData("2147483648", 400)]
    [InlineData("\"value\"", 400)]
    public async Task Quota_values_are_checked_as_neutron_checks_them(string value, int status)
    {
        using var admin = AdminClient();
        using var content = new StringContent($"{{\"quota\": {{\"security_group\": {value}, \"security_group_rule\": {value}}}}}", Encoding.UTF8, "application/json");
        using var response = await admin.PutAsync($"/v2.0/quotas/{project.Id}", content);
        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task Quotas_refuse_one_group_or_rule_too_many_with_neutrons_message()
    {
        var own = await server.NewProjectAsync();
        using var member = await server.ClientForAsync(own.Id, "member");
        using var tenant = new HttpClient { BaseAddress = server.Client.BaseAddress };
        tenant.DefaultRequestHeaders.Add("X-Auth-Token", member.DefaultRequestHeaders.Authorization!.Parameter);
        using var admin = AdminClient();
        await admin.PutAsJsonAsync($"/v2.0/quotas/{own.Id}", new { quota = new { security_group = 1, security_group_rule = 5 } });

        using var refusedGroup = await tenant.PostAsJsonAsync("/v2.0/security-groups", new { security_group = new { name = "one-too-many" } });
        using var rule = await tenant.PostAsJsonAsync("/v2.0/security-group-rules", new { security_group_rule = new { security_group_id = own.DefaultGroupId, direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22 } });
        using var refusedRule = await tenant.PostAsJsonAsync("/v2.0/security-group-rules", new { security_group_rule = new { security_group_id = own.DefaultGroupId, direction = "ingress", protocol = "tcp", port_range_min = 80, port_range_max = 80 } });
        using var tenantSet = await tenant.PutAsJsonAsync($"/v2.0/quotas/{own.Id}", new { quota = new { security_group = 100 } });
        var shown = JsonNode.Parse(await tenant.GetStringAsync($"/v2.0/quotas/{own.Id}"))!;

        Assert.Equal(HttpStatusCode.Conflict, refusedGroup.StatusCode);
        Assert.Equal("Quota exceeded for resources: ['security_group'].", (string)JsonNode.Parse(await refusedGroup.Content.ReadAsStringAsync())!["NeutronError"]!["message"]!);
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        Assert.Equal("Quota exceeded for resources: ['security_group_rule'].", (string)JsonNode.Parse(await refusedRule.Content.ReadAsStringAsync())!["NeutronError"]!["message"]!);
        Assert.Equal(HttpStatusCode.Forbidden, tenantSet.StatusCode);
        Assert.Equal((1, 5), ((int)shown["quota"]!["security_group"]!, (int)shown["quota"]!["security_group_rule"]!));
    }

    [Fact]
    public async Task A_rule_quota_of_zero_refuses_a_new_group_because_of_its_egress_rules()
    {
        var own = await server.NewProjectAsync();
        using var admin = AdminClient();
        await admin.PutAsJsonAsync($"/v2.0/quotas/{own.Id}", new { quota = new { security_group_rule = 0 } });

        using var response = await admin.PostAsJsonAsync("/v2.0/security-groups", new { security_group = new { name = "no-room", project_id = own.Id } });
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(("OverQuota", "Quota exceeded for resources: ['security_group_rule']."), ((string)error["type"]!, (string)error["message"]!));
    }

    [Fact]
    public async Task The_legacy_default_rule_templates_are_seeded_and_shape_new_groups()
    {
        var templates = (await GetAsync("/v2.0/default-security-group-rules"))["default_security_group_rules"]!.AsArray();
        var group = await CreateGroupAsync("from-templates");
        var rules = (await GetAsync($"/v2.0/security-group-rules?security_group_id={group}"))["security_group_rules"]!.AsArray();

        Assert.Equal(4, templates.Count);
        Assert.Equal(2, templates.Count(t => (string?)t!["remote_group_id"] == "PARENT" && !(bool)t["used_in_non_default_sg"]!));
        Assert.All(rules, r => Assert.Equal("egress", (string)r!["direction"]!));
        Assert.Equal(2, rules.Count);
    }

    [Fact]
    public async Task Default_rule_templates_lifecycle_duplicates_and_admin_only()
    {
        using var admin = AdminClient();
        var body = new { default_security_group_rule = new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 22, port_range_max = 22, remote_ip_prefix = "198.18.0.0/16", used_in_default_sg = false, used_in_non_default_sg = true } };

        using var created = await admin.PostAsJsonAsync("/v2.0/default-security-group-rules", body);
        var template = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["default_security_group_rule"]!;
        using var duplicate = await admin.PostAsJsonAsync("/v2.0/default-security-group-rules", body);
        using var asMember = await neutron.PostAsJsonAsync("/v2.0/default-security-group-rules", body);
        var group = await CreateGroupAsync("with-ssh");
        var rules = (await GetAsync($"/v2.0/security-group-rules?security_group_id={group}"))["security_group_rules"]!.AsArray();
        using var deleted = await admin.DeleteAsync($"/v2.0/default-security-group-rules/{template["id"]}");
        using var gone = await admin.GetAsync($"/v2.0/default-security-group-rules/{template["id"]}");
        var later = await CreateGroupAsync("without-ssh");
        var laterRules = (await GetAsync($"/v2.0/security-group-rules?security_group_id={later}"))["security_group_rules"]!.AsArray();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
        Assert.Contains(rules, r => (int?)r!["port_range_min"] == 22);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.DoesNotContain(laterRules, r => (int?)r!["port_range_min"] == 22);
        Assert.Contains(rules, r => (int?)r!["port_range_min"] == 22);
    }

    [Fact]
    public async Task Ports_refuse_what_neutron_refuses_and_stay_unchanged()
    {
        var stateless = await CreateGroupAsync("stateless-one");
        using (var made = await neutron.PutAsJsonAsync($"/v2.0/security-groups/{stateless}", new { security_group = new { stateful = false } }))
        {
            Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        }

        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, allowed_address_pairs = new[] { new { ip_address = "198.18.99.0/24" } } });
        var path = $"/v2.0/ports/{port["id"]}";
        var before = (await GetAsync(path))["port"]!["security_groups"]!.ToJsonString();

        Assert.Contains("both stateful and stateless", await ErrorAsync(HttpMethod.Put, path, JsonSerializeToNode(new { port = new { security_groups = new[] { project.DefaultGroupId, stateless } } }), 409, "SecurityGroupConflict"));
        Assert.Contains("allowed address pairs", await ErrorAsync(HttpMethod.Put, path, JsonSerializeToNode(new { port = new { security_groups = Array.Empty<string>(), port_security_enabled = false } }), 409, "AddressPairAndPortSecurityRequired"));
        Assert.Contains("not a list of UUIDs", await ErrorAsync(HttpMethod.Put, path, JsonSerializeToNode(new { port = new { security_groups = new[] { "bad_id" } } }), 400));
        Assert.Contains("does not exist", await ErrorAsync(HttpMethod.Put, path, JsonSerializeToNode(new { port = new { security_groups = new[] { Guid.NewGuid().ToString() } } }), 404, "SecurityGroupNotFound"));
        Assert.Equal(before, (await GetAsync(path))["port"]!["security_groups"]!.ToJsonString());
    }

    /// <summary>Neutron's api-ref: "The string any (or integer 0) means all IP protocols"; Palisade stores and shows it as any, so it duplicates an any rule.</summary>
    [Fact]
    public async Task A_rule_for_protocol_0_is_shown_as_any_and_duplicates_an_any_protocol_rule()
    {
        var group = await CreateGroupAsync("protocol-zero");
        using var response = await neutron.PostAsJsonAsync("/v2.0/security-group-rules", new { security_group_rule = new { security_group_id = group, direction = "ingress", protocol = 0 } });
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["security_group_rule"]!;

        var duplicate = await ErrorAsync(HttpMethod.Post, "/v2.0/security-group-rules", JsonSerializeToNode(new { security_group_rule = new { security_group_id = group, direction = "ingress" } }), 409, "SecurityGroupRuleExists");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Null(created["protocol"]);
        Assert.Contains((string)created["id"]!, duplicate, StringComparison.Ordinal);
    }

    /// <summary>Neutron binds the default group only when a port is created without security_groups; [] means no group, and all IP traffic is dropped.</summary>
    [Fact]
    public async Task A_port_whose_groups_are_replaced_by_an_empty_list_is_in_no_group_and_drops_what_the_default_allowed()
    {
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = project.Address(40) } } });
        var path = $"/v2.0/ports/{port["id"]}";
        object Flow() => new { port_id = (string)port["id"]!, direction = "egress", protocol = "tcp", port = 443, remote_ip_address = "203.0.113.9" };
        var before = await server.PostAsync("/api/v1/explain", Flow(), 200);

        using var emptied = await neutron.PutAsJsonAsync(path, new { port = new { security_groups = Array.Empty<string>() } });
        var after = await server.PostAsync("/api/v1/explain", Flow(), 200);

        Assert.Equal("allow", (string)before["verdict"]!);
        Assert.Equal(HttpStatusCode.OK, emptied.StatusCode);
        Assert.Empty((await GetAsync(path))["port"]!["security_groups"]!.AsArray());
        Assert.Equal(("drop", "implicit_deny"), ((string)after["verdict"]!, (string)after["step"]!));
    }

    /// <summary>design.md §2: a port with port security off is a member of no group, so the default group's "ingress from default" does not admit it.</summary>
    [Fact]
    public async Task A_port_with_port_security_off_is_no_member_of_the_default_group()
    {
        var subnet = (string)(await server.PostAsync("/api/v1/subnets", new { network_id = project.NetworkId, cidr = "198.19.40.0/24", intra_subnet_allowed = false }))["id"]!;
        var guarded = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, fixed_ips = new[] { new { subnet_id = subnet, ip_address = "198.19.40.10" } } });
        var open = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, fixed_ips = new[] { new { subnet_id = subnet, ip_address = "198.19.40.11" } } });
        using var disabled = await neutron.PutAsJsonAsync($"/v2.0/ports/{open["id"]}", new { port = new { security_groups = Array.Empty<string>(), port_security_enabled = false } });

        var explained = await server.PostAsync("/api/v1/explain", new { port_id = (string)guarded["id"]!, direction = "ingress", protocol = "tcp", port = 22, remote_ip_address = "198.19.40.11" }, 200);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(("drop", "implicit_deny"), ((string)explained["verdict"]!, (string)explained["step"]!));
    }

    [Fact]
    public async Task Groups_and_rules_refuse_what_neutron_refuses()
    {
        var group = await CreateGroupAsync("refusals");
        var other = await CreateGroupAsync("refusals-2");
        object Rule(string sg, int port) => new { security_group_id = sg, direction = "ingress", protocol = "tcp", port_range_min = port, port_range_max = port };

        await ErrorAsync(HttpMethod.Post, "/v2.0/security-groups", JsonSerializeToNode(new { security_group = new { name = new string('x', 256) } }), 400);
        await ErrorAsync(HttpMethod.Post, "/v2.0/security-groups", JsonSerializeToNode(new { security_group = new { name = true } }), 400);
        Assert.Contains("one security profile", await ErrorAsync(HttpMethod.Post, "/v2.0/security-group-rules", JsonSerializeToNode(new { security_group_rules = new[] { Rule(group, 1), Rule(other, 2) } }), 400, "SecurityGroupNotSingleGroupRules"));
        Assert.Contains("Invalid value for port 0", await ErrorAsync(HttpMethod.Post, "/v2.0/security-group-rules", JsonSerializeToNode(new { security_group_rule = new { security_group_id = group, direction = "ingress", protocol = "tcp", port_range_min = 0, port_range_max = 10 } }), 400));
        Assert.Contains("Must also specify protocol", await ErrorAsync(HttpMethod.Post, "/v2.0/security-group-rules", JsonSerializeToNode(new { security_group_rule = new { security_group_id = group, direction = "ingress", port_range_min = 1, port_range_max = 10 } }), 400, "SecurityGroupProtocolRequiredWithPorts"));
        await ErrorAsync(HttpMethod.Delete, $"/v2.0/security-groups/{Guid.NewGuid()}", null, 404, "SecurityGroupNotFound");
        await ErrorAsync(HttpMethod.Get, $"/v2.0/security-group-rules/{Guid.NewGuid()}", null, 404, "SecurityGroupRuleNotFound");
        await ErrorAsync(HttpMethod.Post, "/v2.0/security-group-rules", JsonSerializeToNode(new { security_group_rule = Rule((await server.NewProjectAsync()).DefaultGroupId, 22) }), 404, "SecurityGroupNotFound");

        using var numbered = await neutron.PostAsJsonAsync("/v2.0/security-group-rules", new { security_group_rule = new { security_group_id = group, direction = "ingress", protocol = "17", port_range_min = 53, port_range_max = 53 } });
        Assert.Equal(HttpStatusCode.Created, numbered.StatusCode);
        Assert.Equal("17", (string)JsonNode.Parse(await numbered.Content.ReadAsStringAsync())!["security_group_rule"]!["protocol"]!);
        using var anyProtocol = await neutron.PostAsJsonAsync("/v2.0/security-group-rules", new { security_group_rule = new { security_group_id = group, direction = "ingress", protocol = "any", remote_ip_prefix = "198.18.3.0/24" } });
        Assert.Equal(HttpStatusCode.Created, anyProtocol.StatusCode);
    }

    [Fact]
    public async Task Ports_filtered_by_group_page_with_the_filter_kept_in_the_next_link()
    {
        var group = await CreateGroupAsync("paged-ports");
        var ports = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            ports.Add((string)(await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, security_groups = new[] { group } }))["id"]!);
        }

        var first = await GetAsync($"/v2.0/ports?security_groups={group}&limit=1");
        var next = new Uri((string)first["ports_links"]![0]!["href"]!).PathAndQuery;
        var second = await GetAsync(next);

        Assert.Contains($"security_groups={group}", next);
        Assert.Equal(ports.Order(), first["ports"]!.AsArray().Concat(second["ports"]!.AsArray()).Select(p => (string)p!["id"]!).Order());
    }

    [Fact]
    public async Task A_request_without_a_valid_token_is_keystonemiddlewares_401()
    {
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
        using var missing = await anonymous.GetAsync("/v2.0/security-groups");
        anonymous.DefaultRequestHeaders.Add("X-Auth-Token", "wrong");
        using var wrong = await anonymous.GetAsync("/v2.0/security-groups");

        foreach (var response in new[] { missing, wrong })
        {
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal((401, "Unauthorized", "The request you have made requires authentication."), ((int)error["code"]!, (string)error["title"]!, (string)error["message"]!));
            Assert.StartsWith("Keystone uri=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    private HttpClient AdminClient()
    {
        var admin = new HttpClient { BaseAddress = server.Client.BaseAddress };
        admin.DefaultRequestHeaders.Add("X-Auth-Token", ServerFixture.AdminToken);
        return admin;
    }

    private async Task<string> CreateGroupAsync(string name)
    {
        using var response = await neutron.PostAsJsonAsync("/v2.0/security-groups", new { security_group = new { name } });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        return (string)body["security_group"]!["id"]!;
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using var response = await neutron.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<string> ErrorAsync(HttpMethod method, string path, JsonNode? body, int status, string? type = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        using var response = await neutron.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;
        Assert.Equal(status, (int)response.StatusCode);
        if (type is not null)
        {
            Assert.Equal(type, (string)error["type"]!);
        }

        return (string)error["message"]!;
    }

    private static JsonNode JsonSerializeToNode(object value) => System.Text.Json.JsonSerializer.SerializeToNode(value)!;
}
