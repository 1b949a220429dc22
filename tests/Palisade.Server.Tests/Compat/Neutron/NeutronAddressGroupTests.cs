using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.Neutron;

/// <summary>
/// Neutron's address groups (extensions address-group and security-groups-remote-address-group)
/// request by request: the collection, the add/remove actions with Neutron's errors, rules naming
/// an address group, and what the change does to the host feed and to explain.
/// </summary>
public abstract class NeutronAddressGroupTests(ServerFixture server) : IAsyncLifetime
{
    private TestProject project = null!;
    private HttpClient neutron = null!;

    public async Task InitializeAsync()
    {
        project = await server.NewProjectAsync();
        using var member = await server.ClientForAsync(project.Id, "member");
        neutron = Client(member.DefaultRequestHeaders.Authorization!.Parameter!);
    }

    public Task DisposeAsync()
    {
        neutron.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Both_extensions_are_listed()
    {
        var aliases = (await SendAsync(HttpMethod.Get, "/v2.0/extensions"))["extensions"]!.AsArray().Select(e => (string)e!["alias"]!).ToList();

        Assert.Contains("address-group", aliases);
        Assert.Contains("security-groups-remote-address-group", aliases);
        Assert.Equal("address-group", (string)(await SendAsync(HttpMethod.Get, "/v2.0/extensions/address-group"))["extension"]!["alias"]!);
    }

    [Fact]
    public async Task Create_normalizes_and_deduplicates_addresses_and_shows_them_everywhere()
    {
        var created = await CreateAsync("office", ["198.19.1.7/24", "198.19.1.0/24", "2001:DB8:0:0::1/64", "198.19.2.9/32"], "the office");
        var id = (string)created["id"]!;

        var shown = (await SendAsync(HttpMethod.Get, $"/v2.0/address-groups/{id}"))["address_group"]!;
        var fields = (await SendAsync(HttpMethod.Get, $"/v2.0/address-groups/{id}?fields=id&fields=addresses"))["address_group"]!;
        var listed = (await SendAsync(HttpMethod.Get, "/v2.0/address-groups?name=office"))["address_groups"]!.AsArray();

        Assert.Equal(["198.19.1.0/24", "2001:db8::/64", "198.19.2.9/32"], Addresses(created));
        Assert.Equal(("office", "the office", project.Id, project.Id), ((string)created["name"]!, (string)created["description"]!, (string)created["project_id"]!, (string)created["tenant_id"]!));
        Assert.NotNull(created["revision_number"]);
        Assert.Equal(created.ToJsonString(), shown.ToJsonString());
        Assert.Equal(["addresses", "id"], fields.AsObject().Select(p => p.Key).Order());
        Assert.Equal(id, (string)Assert.Single(listed)!["id"]!);
    }

    [Fact]
    public async Task Lists_filter_sort_and_page_as_other_neutron_lists()
    {
        var names = new[] { "ag-b", "ag-c", "ag-a" };
        foreach (var name in names)
        {
            await CreateAsync(name, []);
        }

        var sorted = await SendAsync(HttpMethod.Get, "/v2.0/address-groups?sort_key=name&sort_dir=desc");
        var first = await SendAsync(HttpMethod.Get, "/v2.0/address-groups?sort_key=name&sort_dir=asc&limit=2");
        var second = await SendAsync(HttpMethod.Get, new Uri((string)first["address_groups_links"]![0]!["href"]!).PathAndQuery);

        Assert.Equal(["ag-c", "ag-b", "ag-a"], Names(sorted["address_groups"]!));
        Assert.Equal(["ag-a", "ag-b"], Names(first["address_groups"]!));
        Assert.Equal(["ag-c"], Names(second["address_groups"]!));
        Assert.Contains("invalid attribute for filtering", await ErrorAsync(HttpMethod.Get, "/v2.0/address-groups?addresses=198.19.0.0/16", null, 400));
        Assert.Contains("invalid attribute for sort_keys", await ErrorAsync(HttpMethod.Get, "/v2.0/address-groups?sort_key=addresses&sort_dir=asc", null, 400));
    }

    [Fact]
    public async Task Update_changes_name_and_description_only()
    {
        var id = (string)(await CreateAsync("before", ["198.19.3.0/24"]))["id"]!;

        var updated = (await SendAsync(HttpMethod.Put, $"/v2.0/address-groups/{id}", new JsonObject { ["address_group"] = new JsonObject { ["name"] = "after", ["description"] = "renamed" } }))["address_group"]!;
        var readOnly = await ErrorAsync(HttpMethod.Put, $"/v2.0/address-groups/{id}", new JsonObject { ["address_group"] = new JsonObject { ["addresses"] = new JsonArray("198.19.4.0/24") } }, 400);

        Assert.Equal(("after", "renamed"), ((string)updated["name"]!, (string)updated["description"]!));
        Assert.Equal(["198.19.3.0/24"], Addresses(updated));
        Assert.Contains("Cannot update read-only attribute addresses", readOnly);
    }

    [Fact]
    public async Task A_stale_if_match_revision_is_412_and_changes_nothing()
    {
        var created = await CreateAsync("guarded", []);
        var id = (string)created["id"]!;
        await SendAsync(HttpMethod.Put, $"/v2.0/address-groups/{id}", new JsonObject { ["address_group"] = new JsonObject { ["name"] = "guarded2" } });

        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/v2.0/address-groups/{id}");
        request.Headers.TryAddWithoutValidation("If-Match", $"revision_number={(long)created["revision_number"]!}");
        using var response = await neutron.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("guarded2", (string)(await SendAsync(HttpMethod.Get, $"/v2.0/address-groups/{id}"))["address_group"]!["name"]!);
    }

    [Fact]
    public async Task Add_and_remove_addresses_change_the_group_and_raise_its_revision()
    {
        var created = await CreateAsync("moving", ["198.19.5.0/24"]);
        var id = (string)created["id"]!;

        var added = (await SendAsync(HttpMethod.Put, $"/v2.0/address-groups/{id}/add_addresses", new JsonObject { ["addresses"] = new JsonArray("198.19.6.1", "2001:db8:6::/48") }))["address_group"]!;
        var removed = (await SendAsync(HttpMethod.Put, $"/v2.0/address-groups/{id}/remove_addresses", new JsonObject { ["addresses"] = new JsonArray("198.19.5.9/24") }))["address_group"]!;

        Assert.Equal(["198.19.5.0/24", "198.19.6.1/32", "2001:db8:6::/48"], Addresses(added));
        Assert.Equal(["198.19.6.1/32", "2001:db8:6::/48"], Addresses(removed));
        Assert.True((long)removed["revision_number"]! > (long)added["revision_number"]! && (long)added["revision_number"]! > (long)created["revision_number"]!);
    }

    public static TheoryData<string, string, int, string, string> BadChanges => new()
    {
        { "add_addresses", "{\"addresses\": [\"198.19.7.0/24\", \"198.19.8.0/24\"]}", 400, "AddressesAlreadyExist", "Addresses ['198.19.7.0/24'] already exist in the address group" },
        { "remove_addresses", "{\"addresses\": [\"198.19.9.0/24\"]}", 404, "AddressesNotFound", "Addresses ['198.19.9.0/24'] not found in the address group" },
        { "add_addresses", "{\"addresses\": [\"not-a-cidr\"]}", 400, "HTTPBadRequest", "Invalid input for addresses. Reason: 'not-a-cidr' is not a valid IP subnet." },
        { "add_addresses", "{\"addresses\": \"198.19.8.0/24\"}", 400, "HTTPBadRequest", "is not a list" },
        { "add_addresses", "{\"address\": [\"198.19.8.0/24\"]}", 400, "HTTPBadRequest", "Required attribute 'addresses' not specified" },
        { "remove_addresses", "{\"addresses\": [\"198.19.7.0/24\"], \"colour\": \"red\"}", 400, "HTTPBadRequest", "Unrecognized attribute(s) 'colour'" },
        { "add_addresses", "{\"addresses\": [", 400, "HTTPBadRequest", "Malformed request body" },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task Bad_address_changes_get_neutron_errors_and_change_nothing(string action, string body, int status, string type, string text)
    {
        var id = (string)(await CreateAsync("steady", ["198.19.7.0/24"]))["id"]!;
        var before = await server.RevisionAsync();

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await neutron.PutAsync($"/v2.0/address-groups/{id}/{action}", content);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(type, (string)error["type"]!);
        Assert.Contains(text, (string)error["message"]!);
        Assert.Equal(before, await server.RevisionAsync());
        Assert.Equal(["198.19.7.0/24"], Addresses((await SendAsync(HttpMethod.Get, $"/v2.0/address-groups/{id}"))["address_group"]!));
    }

    [Theory]
    [InlineData("{\"address_group\": {\"name\": \"x\", \"addresses\": [\"198.19.10.1\"]}}", "'198.19.10.1' is not a valid IP subnet")]
    [InlineData("{\"address_group\": {\"name\": \"x\", \"addresses\": [\"198.19.10.0/33\"]}}", "'198.19.10.0/33' is not a valid IP subnet")]
    [InlineData("{\"address_group\": {\"name\": \"x\", \"addresses\": [\"198.19.10.0/24\", \"198.19.10.0/24\"]}}", "Duplicate items in the list: '198.19.10.0/24'")]
    [InlineData("{\"address_group\": {\"name\": \"x\", \"addresses\": \"198.19.10.0/24\"}}", "is not a list")]
    [InlineData("{\"address_group\": {\"name\": \"x\", \"addresses\": [24]}}", "'24' is not a valid IP subnet")]
    [InlineData("{\"address_group\": {\"name\": \"x\", \"shared\": true}}", "Unrecognized attribute(s) 'shared'")]
    [InlineData("{\"address_group\": {\"name\": 7}}", "Invalid input for name")]
    public async Task Bad_creates_are_400_and_change_nothing(string body, string text)
    {
        var before = await server.RevisionAsync();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await neutron.PostAsync("/v2.0/address-groups", content);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(text, (string)error["message"]!);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task An_unknown_address_group_is_404_everywhere()
    {
        const string id = "00000000-0000-0000-0000-00000000a9a9";
        var body = new JsonObject { ["addresses"] = new JsonArray("198.19.11.0/24") };

        foreach (var (method, path, content) in new (HttpMethod, string, JsonNode?)[]
        {
            (HttpMethod.Get, $"/v2.0/address-groups/{id}", null),
            (HttpMethod.Put, $"/v2.0/address-groups/{id}", new JsonObject { ["address_group"] = new JsonObject { ["name"] = "x" } }),
            (HttpMethod.Delete, $"/v2.0/address-groups/{id}", null),
            (HttpMethod.Put, $"/v2.0/address-groups/{id}/add_addresses", body),
            (HttpMethod.Put, $"/v2.0/address-groups/{id}/remove_addresses", body),
        })
        {
            Assert.Equal($"Address group {id} could not be found.", await ErrorAsync(method, path, content, 404, "AddressGroupNotFound"));
        }
    }

    [Fact]
    public async Task Another_projects_address_group_does_not_exist_for_a_tenant()
    {
        var other = await server.NewProjectAsync();
        using var admin = Client(ServerFixture.AdminToken);
        using var response = await admin.PostAsJsonAsync("/v2.0/address-groups", new { address_group = new { name = "theirs", project_id = other.Id, addresses = new[] { "198.19.12.0/24" } } });
        var theirs = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["address_group"]!["id"]!;
        var before = await server.RevisionAsync();

        var listed = (await SendAsync(HttpMethod.Get, "/v2.0/address-groups"))["address_groups"]!.AsArray();
        await ErrorAsync(HttpMethod.Get, $"/v2.0/address-groups/{theirs}", null, 404, "AddressGroupNotFound");
        await ErrorAsync(HttpMethod.Put, $"/v2.0/address-groups/{theirs}/add_addresses", new JsonObject { ["addresses"] = new JsonArray("198.19.13.0/24") }, 404, "AddressGroupNotFound");
        await ErrorAsync(HttpMethod.Delete, $"/v2.0/address-groups/{theirs}", null, 404, "AddressGroupNotFound");
        var rule = await ErrorAsync(HttpMethod.Post, "/v2.0/security-group-rules", RuleBody(project.DefaultGroupId, theirs), 404, "AddressGroupNotFound");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.DoesNotContain(listed, g => (string)g!["id"]! == theirs);
        Assert.Contains(theirs, rule);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task A_rule_names_an_address_group_and_the_group_cannot_be_deleted_while_it_does()
    {
        var addressGroup = (string)(await CreateAsync("peers", ["198.19.14.0/24"]))["id"]!;
        var group = await CreateGroupAsync("uses-peers");

        var rule = (await SendAsync(HttpMethod.Post, "/v2.0/security-group-rules", RuleBody(group, addressGroup)))["security_group_rule"]!;
        var filtered = (await SendAsync(HttpMethod.Get, $"/v2.0/security-group-rules?remote_address_group_id={addressGroup}"))["security_group_rules"]!.AsArray();
        var native = await server.GetAsync($"/api/v1/security-groups/{group}/rules/{rule["id"]}");
        var duplicate = await ErrorAsync(HttpMethod.Post, "/v2.0/security-group-rules", RuleBody(group, addressGroup), 409, "SecurityGroupRuleExists");
        var inUse = await ErrorAsync(HttpMethod.Delete, $"/v2.0/address-groups/{addressGroup}", null, 409, "AddressGroupInUse");
        await SendAsync(HttpMethod.Delete, $"/v2.0/security-group-rules/{rule["id"]}", expected: 204);
        await SendAsync(HttpMethod.Delete, $"/v2.0/address-groups/{addressGroup}", expected: 204);

        Assert.Equal((addressGroup, (string?)null, (string?)null), ((string)rule["remote_address_group_id"]!, (string?)rule["remote_ip_prefix"], (string?)rule["remote_group_id"]));
        Assert.Equal((string)rule["id"]!, (string)Assert.Single(filtered)!["id"]!);
        Assert.Equal(addressGroup, (string)native["remote_address_group_id"]!);
        Assert.Contains((string)rule["id"]!, duplicate);
        Assert.Equal($"Address group {addressGroup} is in use on one or more security group rules.", inUse);
        await ErrorAsync(HttpMethod.Get, $"/v2.0/address-groups/{addressGroup}", null, 404, "AddressGroupNotFound");
    }

    [Theory]
    [InlineData("remote_ip_prefix", "198.19.15.0/24")]
    [InlineData("remote_group_id", "G")]
    public async Task A_rule_with_an_address_group_and_another_remote_is_400(string field, string value)
    {
        var addressGroup = (string)(await CreateAsync("two-remotes", ["198.19.15.0/24"]))["id"]!;
        var body = RuleBody(project.DefaultGroupId, addressGroup);
        body["security_group_rule"]![field] = value == "G" ? project.DefaultGroupId : value;
        var before = await server.RevisionAsync();

        var message = await ErrorAsync(HttpMethod.Post, "/v2.0/security-group-rules", body, 400, "SecurityGroupMultipleRemoteEntites");

        Assert.Equal("Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.", message);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task A_rule_naming_an_unknown_address_group_is_404_and_changes_nothing()
    {
        var before = await server.RevisionAsync();
        var message = await ErrorAsync(HttpMethod.Post, "/v2.0/security-group-rules", RuleBody(project.DefaultGroupId, "no-such-group"), 404, "AddressGroupNotFound");

        Assert.Equal("Address group no-such-group could not be found.", message);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task The_native_api_creates_and_shows_a_rule_naming_an_address_group()
    {
        var addressGroup = (string)(await CreateAsync("native-peers", ["198.19.19.0/24"]))["id"]!;
        var group = await CreateGroupAsync("native");
        var before = await server.RevisionAsync();

        var unknown = await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", remote_address_group_id = "no-such-group" }, 404);
        var both = await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", remote_address_group_id = addressGroup, remote_ip_prefix = "198.19.0.0/16" }, 400);
        var unchanged = await server.RevisionAsync();
        var created = await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", protocol = "udp", port_range_min = 53, port_range_max = 53, remote_address_group_id = addressGroup });
        var listed = await server.GetAsync($"/api/v1/security-groups/{group}/rules");

        Assert.NotNull(unknown["errors"]!["remote_address_group_id"]);
        Assert.Contains("only one of", (string)both["errors"]!["remote_ip_prefix"]![0]!);
        Assert.Equal(before, unchanged);
        Assert.Equal(addressGroup, (string)created[0]!["remote_address_group_id"]!);
        Assert.Null(created[0]!["remote_ip_prefix"]);
        Assert.Single(listed.AsArray(), r => (string?)r!["remote_address_group_id"] == addressGroup);
    }

    [Fact]
    public async Task A_default_rule_template_names_an_address_group_which_then_is_in_use()
    {
        var addressGroup = (string)(await CreateAsync("template-peers", ["198.19.16.0/24"]))["id"]!;
        using var admin = Client(ServerFixture.AdminToken);
        var template = new JsonObject { ["default_security_group_rule"] = new JsonObject { ["direction"] = "ingress", ["protocol"] = "tcp", ["port_range_min"] = 22, ["port_range_max"] = 22, ["remote_address_group_id"] = addressGroup, ["used_in_default_sg"] = false, ["used_in_non_default_sg"] = false } };

        var created = (await SendAsync(HttpMethod.Post, "/v2.0/default-security-group-rules", template, 201, admin))["default_security_group_rule"]!;
        var inUse = await ErrorAsync(HttpMethod.Delete, $"/v2.0/address-groups/{addressGroup}", null, 409, "AddressGroupInUse");
        await SendAsync(HttpMethod.Delete, $"/v2.0/default-security-group-rules/{created["id"]}", expected: 204, client: admin);
        template["default_security_group_rule"]!["remote_address_group_id"] = "no-such-group";
        var unknown = await ErrorAsync(HttpMethod.Post, "/v2.0/default-security-group-rules", template, 404, "AddressGroupNotFound", admin);

        Assert.Equal(addressGroup, (string)created["remote_address_group_id"]!);
        Assert.Contains("is in use", inUse);
        Assert.Contains("no-such-group", unknown);
    }

    [Fact]
    public async Task The_feed_carries_the_cidrs_once_and_explain_matches_them_per_family()
    {
        var addressGroup = (string)(await CreateAsync("feed-peers", ["198.19.17.0/24", "2001:db8:17::/48"]))["id"]!;
        var group = await CreateGroupAsync("feed");
        await SendAsync(HttpMethod.Post, "/v2.0/security-group-rules", RuleBody(group, addressGroup));
        var host = "hv-" + Guid.NewGuid().ToString("N")[..8];
        var port = (string)(await server.PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = project.Address(40) } },
            host,
            security_groups = new[] { group },
        }))["id"]!;
        async Task<string> VerdictAsync(string peer) =>
            (string)(await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "ingress", protocol = "tcp", remote_ip_address = peer, port = 22 }, 200))["verdict"]!;

        var feed = await server.GetAsync($"/api/v1/hosts/{host}/policy");
        var inside = await VerdictAsync("198.19.17.9");
        var outside = await VerdictAsync("198.19.18.9");
        await SendAsync(HttpMethod.Put, $"/v2.0/address-groups/{addressGroup}/add_addresses", new JsonObject { ["addresses"] = new JsonArray("198.19.18.0/24") });
        var after = await server.GetAsync($"/api/v1/hosts/{host}/policy?since={(long)feed["revision"]!}&wait=10s");
        var added = await VerdictAsync("198.19.18.9");

        Assert.Equal(["198.19.17.0/24", "2001:db8:17::/48"], feed["address_groups"]![addressGroup]!.AsArray().Select(a => (string)a!));
        Assert.Empty(feed["ports"]![0]!["address_groups"]![addressGroup]!.AsArray());
        Assert.Equal(addressGroup, (string)feed["group_rules"]![group]!.AsArray().Single(r => (string)r!["direction"]! == "ingress")!["remote_address_group_id"]!);
        Assert.Equal(("allow", "drop", "allow"), (inside, outside, added));
        Assert.True((long)after["revision"]! > (long)feed["revision"]!);
        Assert.Contains("198.19.18.0/24", after["address_groups"]![addressGroup]!.AsArray().Select(a => (string)a!));
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        return client;
    }

    private static JsonObject RuleBody(string group, string addressGroup) => new()
    {
        ["security_group_rule"] = new JsonObject
        {
            ["security_group_id"] = group,
            ["direction"] = "ingress",
            ["protocol"] = "tcp",
            ["port_range_min"] = 22,
            ["port_range_max"] = 22,
            ["remote_address_group_id"] = addressGroup,
        },
    };

    private static List<string> Addresses(JsonNode group) => [.. group["addresses"]!.AsArray().Select(a => (string)a!)];

    private static List<string> Names(JsonNode list) => [.. list.AsArray().Select(g => (string)g!["name"]!)];

    private async Task<JsonNode> CreateAsync(string name, string[] addresses, string? description = null)
    {
        var body = new JsonObject { ["name"] = name, ["addresses"] = new JsonArray([.. addresses.Select(a => (JsonNode)a)]) };
        if (description is not null)
        {
            body["description"] = description;
        }

        return (await SendAsync(HttpMethod.Post, "/v2.0/address-groups", new JsonObject { ["address_group"] = body }, 201))["address_group"]!;
    }

    private async Task<string> CreateGroupAsync(string name) =>
        (string)(await SendAsync(HttpMethod.Post, "/v2.0/security-groups", new JsonObject { ["security_group"] = new JsonObject { ["name"] = name } }, 201))["security_group"]!["id"]!;

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonNode? body = null, int? expected = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(server.Client.BaseAddress!, path)) { Content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        using var response = await (client ?? neutron).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected is { } status ? (int)response.StatusCode == status : response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    private async Task<string> ErrorAsync(HttpMethod method, string path, JsonNode? body, int status, string? type = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(server.Client.BaseAddress!, path)) { Content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        using var response = await (client ?? neutron).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{method} {path}: expected {status}, got {(int)response.StatusCode} {text}");
        var error = JsonNode.Parse(text)!["NeutronError"]!;
        if (type is not null)
        {
            Assert.Equal(type, (string)error["type"]!);
        }

        return (string)error["message"]!;
    }
}

public sealed class NeutronAddressGroupTestsOnSqlite(SqliteServerFixture server) : NeutronAddressGroupTests(server), IClassFixture<SqliteServerFixture>;

public sealed class NeutronAddressGroupTestsOnPostgres(PostgresServerFixture server) : NeutronAddressGroupTests(server), IClassFixture<PostgresServerFixture>;
