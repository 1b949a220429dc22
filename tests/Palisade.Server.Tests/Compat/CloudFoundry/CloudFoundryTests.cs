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

    /// <summary>RulesValidator's texts (research/cf_cloudstack.md §A4), every error in CAPI's order; then the model layer's.</summary>
    [Theory]
    [InlineData("""[{"protocol": "foo", "destination": "10.0.0.0/8"}]""", "Rules[0]: protocol must be 'tcp', 'udp', 'icmp', 'icmpv6' or 'all'")]
    [InlineData("""[{"protocol": 4, "destination": "10.0.0.0/8"}]""", "Rules[0]: protocol must be 'tcp', 'udp', 'icmp', 'icmpv6' or 'all'")]
    [InlineData("""[{"protocol": "tcp", "destination": "10.0.0.0/8"}]""", "Rules[0]: ports are required for protocols of type TCP and UDP, Rules[0]: ports must be a valid single port, comma separated list of ports, or range or ports, formatted as a string")]
    [InlineData("""[{"protocol": "tcp", "destination": "10.0.0.0/8", "ports": "80-80"}]""", "Rules[0]: ports must be a valid single port, comma separated list of ports, or range or ports, formatted as a string")]
    [InlineData("""[{"protocol": "udp", "destination": "10.0.0.0/8", "ports": "6000-5000"}]""", "Rules[0]: ports must be a valid single port, comma separated list of ports, or range or ports, formatted as a string")]
    [InlineData("""[{"protocol": "tcp", "destination": "10.0.0.0/8", "ports": "80,90-100"}]""", "Rules[0]: ports must be a valid single port, comma separated list of ports, or range or ports, formatted as a string")]
    [InlineData("""[{"protocol": "tcp", "destination": "10.0.0.0/8", "ports": 443}]""", "Rules[0]: ports must be a valid single port, comma separated list of ports, or range or ports, formatted as a string")]
    [InlineData("""[{"protocol": "tcp", "destination": "10.0.0.0/8", "ports": "80a"}]""", "Rules[0]: ports must be a valid single port, comma separated list of ports, or range or ports, formatted as a string")]
    [InlineData("""[{"protocol": "tcp", "destination": "10.0.0.0/8", "ports": "0"}]""", "Rules[0]: ports must be a valid single port, comma separated list of ports, or range or ports, formatted as a string")]
    [InlineData("""[{"protocol": "udp", "destination": "10.0.0.0/8", "ports": "53,65536"}]""", "Rules[0]: ports must be a valid single port, comma separated list of ports, or range or ports, formatted as a string")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8", "ports": "80"}]""", "Rules[0]: ports are not allowed for protocols of type all")]
    [InlineData("""[{"protocol": "icmp", "destination": "10.0.0.0/8", "type": 8}]""", "Rules[0]: code is required for protocols of type ICMP, Rules[0]: code must be an integer between -1 and 255 (inclusive)")]
    [InlineData("""[{"protocol": "icmpv6", "destination": "::/0", "code": 0}]""", "Rules[0]: type is required for protocols of type ICMP, Rules[0]: type must be an integer between -1 and 255 (inclusive)")]
    [InlineData("""[{"protocol": "icmp", "destination": "10.0.0.0/8", "type": 256, "code": 0}]""", "Rules[0]: type must be an integer between -1 and 255 (inclusive)")]
    [InlineData("""[{"protocol": "icmp", "destination": "10.0.0.0/8", "type": -2, "code": "0"}]""", "Rules[0]: code must be an integer between -1 and 255 (inclusive), Rules[0]: type must be an integer between -1 and 255 (inclusive)")]
    [InlineData("""[{"protocol": "icmp", "destination": "10.0.0.0/8", "type": 8.5, "code": 0}]""", "Rules[0]: type must be an integer between -1 and 255 (inclusive)")]
    [InlineData("""[{"protocol": "icmp", "destination": "::/0", "type": 0, "code": 0}]""", "Rules[0]: for protocol \"icmp\" you cannot use IPv6 addresses")]
    [InlineData("""[{"protocol": "icmpv6", "destination": "10.0.0.0/8,2001:db8::/32", "type": -1, "code": -1}]""", "Rules[0]: for protocol \"icmpv6\" you cannot use IPv4 addresses")]
    [InlineData("""[{"protocol": "all", "destination": "010.0.0.0/24"}]""", "Rules[0]: destination octets cannot contain leading zeros")]
    [InlineData("""[{"protocol": "all", "destination": "1.0.0.000-1.0.0.200"}]""", "Rules[0]: destination octets cannot contain leading zeros")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.5-10.0.0.1"}]""", "Rules[0]: beginning of IP address range is numerically greater than the end of its range (range endpoints are inverted)")]
    [InlineData("""[{"protocol": "all", "destination": "192.168.10.2-192.168.105"}]""", "Rules[0]: destination IP address range is invalid")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/24-10.0.0.255"}]""", "Rules[0]: destination IP address range is invalid")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.1-2001:db8::1"}]""", "Rules[0]: destination IP address range is invalid")]
    [InlineData("""[{"protocol": "all", "destination": "1.1.1.1-2.2.2.2-3.3.3.3"}]""", "Rules[0]: destination must contain valid CIDR(s), IP address(es), or IP address range(s)")]
    [InlineData("""[{"protocol": "all", "destination": "192.168.10.2/240"}]""", "Rules[0]: destination must contain valid CIDR(s), IP address(es), or IP address range(s)")]
    [InlineData("""[{"protocol": "all", "destination": "1.1.1.1,bogus"}]""", "Rules[0]: destination must contain valid CIDR(s), IP address(es), or IP address range(s)")]
    [InlineData("""[{"protocol": "all", "destination": "1.1.1.1,,2.2.2.2"}]""", "Rules[0]: empty destination specified in comma-delimited list, Rules[0]: destination must contain valid CIDR(s), IP address(es), or IP address range(s)")]
    [InlineData("""[{"protocol": "udp", "destination": "1.2-7.8,999.999.999.999,200.0.0.0-150.0.0.0,10.0.0.0/500", "ports": "8080"}]""", "Rules[0]: destination IP address range is invalid, Rules[0]: destination must contain valid CIDR(s), IP address(es), or IP address range(s), Rules[0]: beginning of IP address range is numerically greater than the end of its range (range endpoints are inverted), Rules[0]: destination must contain valid CIDR(s), IP address(es), or IP address range(s)")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8 "}]""", "Rules[0]: destination must not contain whitespace")]
    [InlineData("""[{"protocol": "all", "destination": 42}]""", "Rules[0]: destination must be a string")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8"}, {"protocol": "all"}]""", "Rules[1]: nil destination; destination must be a comma-delimited list of valid CIDRs, IP addresses, or IP address ranges")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8", "log": "yes", "blork": 1, "blark": 2}]""", "Rules[0]: unknown field(s): [\"blork\", \"blark\"], Rules[0]: log must be a boolean")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8", "description": 42}]""", "Rules[0]: description must be a string")]
    [InlineData("""[{"protocol": "tcp", "destination": "10.0.0.0/8", "log": 1, "description": 2}]""", "Rules[0]: description must be a string, Rules[0]: log must be a boolean, Rules[0]: ports are required for protocols of type TCP and UDP, Rules[0]: ports must be a valid single port, comma separated list of ports, or range or ports, formatted as a string")]
    [InlineData("""["bad rule"]""", "Rules[0]: must be an object")]
    [InlineData("""{"protocol": "all"}""", "Rules must be an array")]
    [InlineData("""[{"protocol": "tcp", "destination": "10.0.0.0/8", "ports": "443", "type": 8}]""", "rules rule number 1 contains the invalid field 'type'")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8"}, {"protocol": "icmp", "destination": "10.0.0.0/8", "type": 0, "code": 0, "ports": "80"}]""", "rules rule number 2 contains the invalid field 'ports'")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8", "code": 0}]""", "rules rule number 1 contains the invalid field 'code'")]
    [InlineData("""[{"protocol": "all", "destination": ""}]""", "rules rule number 1 contains invalid destination")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8", "log": null}]""", "rules rule number 1 contains invalid log value")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8", "description": false}]""", "rules rule number 1 contains invalid description")]
    public async Task Invalid_rules_are_422_with_capis_texts_and_change_nothing(string rules, string detail)
    {
        var guid = await CreateAsync();
        var before = await server.RevisionAsync();

        var created = await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{Name()}}", "rules": {{rules}} }""", 422);
        var updated = await SendAsync(HttpMethod.Patch, $"/v3/security_groups/{guid}", $$"""{ "rules": {{rules}} }""", 422);

        Assert.Equal((10008, "CF-UnprocessableEntity", detail), Error(created));
        Assert.Equal((10008, "CF-UnprocessableEntity", detail), Error(updated));
        Assert.Equal(before, await server.RevisionAsync());
    }

    /// <summary>What CAPI accepts that a stricter reading would not (§A4): tolerated spaces, a trailing comma, a-a ranges, host bits, 0 after a dot.</summary>
    [Theory]
    [InlineData("""[{"protocol": "tcp", "destination": "10.0.0.5/24", "ports": "53, 5353"}]""")]
    [InlineData("""[{"protocol": "udp", "destination": "10.0.0.1-10.0.0.1", "ports": " 80 - 90 "}]""")]
    [InlineData("""[{"protocol": "tcp", "destination": "10.0.0.0/8", "ports": "80,"}]""")]
    [InlineData("""[{"protocol": "icmp", "destination": "10.0.0.0/8", "type": -1, "code": 255, "log": false}]""")]
    [InlineData("""[{"protocol": "icmpv6", "destination": "2001:0db8::1-2001:0db8::ff", "type": 1, "code": 0}]""")]
    [InlineData("""[{"protocol": "all", "destination": "10.0.0.0/8,2001:db8::/32", "log": true, "description": "both families"}]""")]
    public async Task Rules_capi_accepts_are_accepted_and_kept_verbatim(string rules)
    {
        var created = await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{Name()}}", "rules": {{rules}} }""", 201);

        Assert.Equal(JsonNode.Parse(rules)!.ToJsonString(), created["rules"]!.ToJsonString());
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

    /// <summary>The create and update messages' texts (§A4 "Body level"); {guid} is a group, {taken} another group's name.</summary>
    [Theory]
    [InlineData("POST", """{ }""", "Name can't be blank")]
    [InlineData("POST", """{ "name": "" }""", "Name can't be blank")]
    [InlineData("POST", """{ "name": 5 }""", "Name must be a string")]
    [InlineData("POST", """{ "name": "LONG" }""", "Name is too long (maximum is 250 characters)")]
    [InlineData("POST", """{ "name": "{taken}" }""", "Security group with name '{taken}' already exists.")]
    [InlineData("POST", """{ "name": "x-{guid}", "colour": "red", "size": 1 }""", "Unknown field(s): 'colour', 'size'")]
    [InlineData("POST", """{ "name": "x-{guid}", "globally_enabled": "yes" }""", "Globally enabled must be an object")]
    [InlineData("POST", """{ "name": "x-{guid}", "globally_enabled": { "sometimes": true } }""", "Globally enabled only allows keys 'running' or 'staging'")]
    [InlineData("POST", """{ "name": "x-{guid}", "globally_enabled": { "running": "yes" } }""", "Globally enabled values must be booleans")]
    [InlineData("POST", """{ "name": "x-{guid}", "relationships": { "running_spaces": { "data": [ { "guid": "no-such-space" } ] } } }""", "Spaces with guids [\"no-such-space\"] do not exist.")]
    [InlineData("PATCH", """{ "name": "" }""", "Name is too short (minimum is 1 character)")]
    [InlineData("PATCH", """{ "name": "LONG" }""", "Name is too long (maximum is 250 characters)")]
    [InlineData("PATCH", """{ "name": "{taken}" }""", "Security group with name '{taken}' already exists.")]
    [InlineData("PATCH", """{ "relationships": { "running_spaces": { "data": [] } } }""", "Unknown field(s): 'relationships'")]
    [InlineData("PATCH", """{ "globally_enabled": { "staging": 1 } }""", "Globally enabled values must be booleans")]
    public async Task Invalid_bodies_are_422_with_capis_texts_and_change_nothing(string method, string body, string detail)
    {
        var guid = await CreateAsync();
        var taken = Name();
        await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{taken}}" }""", 201);
        string Fill(string text) => text.Replace("{guid}", guid, StringComparison.Ordinal).Replace("{taken}", taken, StringComparison.Ordinal).Replace("LONG", new string('n', 251), StringComparison.Ordinal);
        var before = await server.RevisionAsync();

        var error = await SendAsync(new HttpMethod(method), method == "POST" ? "/v3/security_groups" : $"/v3/security_groups/{guid}", Fill(body), 422);

        Assert.Equal((10008, "CF-UnprocessableEntity", Fill(detail)), Error(error));
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task Names_are_unique_across_the_foundation_but_case_sensitive_and_up_to_250_characters()
    {
        var name = Name();
        await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{name}}" }""", 201);

        var otherCase = await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{name.ToUpperInvariant()}}" }""", 201);
        var longest = await SendAsync(HttpMethod.Patch, $"/v3/security_groups/{otherCase["guid"]}", $$"""{ "name": "{{new string('n', 250)}}" }""", 200);

        Assert.Equal(250, ((string)longest["name"]!).Length);
    }

    /// <summary>ListMessage's texts (§A3): paging, ordering, unknown parameters and boolean filters, every error at once.</summary>
    [Theory]
    [InlineData("/v3/security_groups?blork=1&blark=2", "Unknown query parameter(s): 'blork', 'blark'. Valid parameters are: 'page', 'per_page', 'order_by', 'guids', 'names', 'running_space_guids', 'staging_space_guids', 'globally_enabled_running', 'globally_enabled_staging', 'created_ats', 'updated_ats'")]
    [InlineData("/v3/security_groups?page=0", "Page must be a positive integer")]
    [InlineData("/v3/security_groups?page=x", "Page must be a positive integer")]
    [InlineData("/v3/security_groups?per_page=0", "Per page must be a positive integer")]
    [InlineData("/v3/security_groups?per_page=5001", "Per page must be between 1 and 5000")]
    [InlineData("/v3/security_groups?page=-1&per_page=-1", "Page must be a positive integer, Per page must be a positive integer")]
    [InlineData("/v3/security_groups?order_by=name", "Order by can only be: 'created_at', 'updated_at'")]
    [InlineData("/v3/security_groups?order_by=--created_at", "Order by can only be: 'created_at', 'updated_at'")]
    [InlineData("/v3/security_groups?globally_enabled_running=yes", "Globally enabled running must be 'true' or 'false'")]
    [InlineData("/v3/security_groups?globally_enabled_staging=1&per_page=0", "Per page must be a positive integer, Globally enabled staging must be 'true' or 'false'")]
    [InlineData("/v3/security_groups?created_ats=yesterday", "Created ats has an invalid timestamp format. Timestamps should be formatted as 'YYYY-MM-DDThh:mm:ssZ'")]
    [InlineData("/v3/security_groups?updated_ats%5Blt%5D=2020-01-01T00:00:00Z,2021-01-01T00:00:00Z", "Updated ats only accepts one value when using a relational operator")]
    [InlineData("/v3/security_groups?created_ats%5Bnear%5D=2020-01-01T00:00:00Z", "Created ats Invalid relational operator: 'near'")]
    [InlineData("/v3/spaces/{space}/running_security_groups?running_space_guids=x", "Unknown query parameter(s): 'running_space_guids'. Valid parameters are: 'page', 'per_page', 'order_by', 'guids', 'names'")]
    [InlineData("/v3/spaces/{space}/staging_security_groups?per_page=5001", "Per page must be between 1 and 5000")]
    public async Task Bad_list_queries_are_422_with_capis_texts(string path, string detail)
    {
        var space = await server.NewProjectAsync("platform");

        var error = await SendAsync(HttpMethod.Get, path.Replace("{space}", space.Id, StringComparison.Ordinal), null, 422);

        Assert.Equal((10008, "CF-UnprocessableEntity", detail), Error(error));
    }

    [Fact]
    public async Task List_queries_capi_accepts_are_served_with_timestamp_filters_and_space_views_filter_by_guid_and_name()
    {
        var space = await server.NewProjectAsync("platform");
        var first = await CreateAsync(globallyRunning: true);
        var second = await CreateAsync(globallyRunning: true);
        var secondName = (string)(await SendAsync(HttpMethod.Get, $"/v3/security_groups/{second}", null, 200))["name"]!;

        var ascending = await SendAsync(HttpMethod.Get, $"/v3/security_groups?guids={first},{second}&order_by=%2Bcreated_at&globally_enabled_running=true&per_page=5000", null, 200);
        var descending = await SendAsync(HttpMethod.Get, $"/v3/security_groups?guids={first},{second}&order_by=-updated_at&page=2&per_page=1", null, 200);
        var byName = await SendAsync(HttpMethod.Get, $"/v3/spaces/{space.Id}/running_security_groups?names={secondName}", null, 200);
        var byGuid = await SendAsync(HttpMethod.Get, $"/v3/spaces/{space.Id}/running_security_groups?guids={first}", null, 200);
        var createdAt = (string)ascending["resources"]![0]!["created_at"]!;
        var atThatSecond = await SendAsync(HttpMethod.Get, $"/v3/security_groups?guids={first},{second}&created_ats=2000-01-01T00:00:00Z,{createdAt}", null, 200);
        var before2000 = await SendAsync(HttpMethod.Get, $"/v3/security_groups?guids={first},{second}&updated_ats%5Blt%5D=2000-01-01T00:00:00Z", null, 200);
        var since = await SendAsync(HttpMethod.Get, $"/v3/security_groups?guids={first},{second}&created_ats%5Bgte%5D={createdAt}&created_ats%5Blte%5D=2999-01-01T00:00:00Z", null, 200);

        // Both may share a created_at second, so the order is checked against the timestamps, not assumed.
        var created = ascending["resources"]!.AsArray().Select(g => (string)g!["created_at"]!).ToList();
        Assert.Equal(created.Order(StringComparer.Ordinal), created);
        Assert.Equal(new[] { first, second }.Order(), ascending["resources"]!.AsArray().Select(g => (string)g!["guid"]!).Order());
        Assert.Equal((2, 1), ((int)descending["pagination"]!["total_results"]!, descending["resources"]!.AsArray().Count));
        Assert.NotNull(descending["pagination"]!["previous"]);
        Assert.Equal([second], byName["resources"]!.AsArray().Select(g => (string)g!["guid"]!));
        Assert.All(atThatSecond["resources"]!.AsArray(), g => Assert.Equal(createdAt, (string)g!["created_at"]!));
        Assert.NotEmpty(atThatSecond["resources"]!.AsArray());
        Assert.Empty(before2000["resources"]!.AsArray());
        Assert.Equal(2, since["resources"]!.AsArray().Count);
        Assert.Equal([first], byGuid["resources"]!.AsArray().Select(g => (string)g!["guid"]!));
    }

    /// <summary>Nothing there, or nothing the caller may see: 404 in CAPI's envelope; a path CAPI has no route for is CF-NotFound.</summary>
    [Theory]
    [InlineData("GET", "/v3/security_groups/{none}", null, 10010, "CF-ResourceNotFound", "Security group not found")]
    [InlineData("PATCH", "/v3/security_groups/{none}", """{ "name": "x" }""", 10010, "CF-ResourceNotFound", "Security group not found")]
    [InlineData("DELETE", "/v3/security_groups/{none}", null, 10010, "CF-ResourceNotFound", "Security group not found")]
    [InlineData("POST", "/v3/security_groups/{none}/relationships/running_spaces", """{ "data": [] }""", 10010, "CF-ResourceNotFound", "Security group not found")]
    [InlineData("DELETE", "/v3/security_groups/{none}/relationships/staging_spaces/{space}", null, 10010, "CF-ResourceNotFound", "Security group not found")]
    [InlineData("GET", "/v3/spaces/{none}/running_security_groups", null, 10010, "CF-ResourceNotFound", "Space not found")]
    [InlineData("GET", "/v3/jobs/{none}", null, 10010, "CF-ResourceNotFound", "Job not found")]
    [InlineData("POST", "/v3/security_groups/{guid}/relationships/sideways_spaces", """{ "data": [] }""", 10000, "CF-NotFound", "Unknown request")]
    [InlineData("GET", "/v3/spaces/{space}/sideways_security_groups", null, 10000, "CF-NotFound", "Unknown request")]
    public async Task Unknown_resources_and_routes_are_404_in_capis_envelope(string method, string path, string? body, int code, string title, string detail)
    {
        var space = await server.NewProjectAsync("platform");
        var guid = await CreateAsync();
        var before = await server.RevisionAsync();
        var filled = path.Replace("{none}", Guid.NewGuid().ToString(), StringComparison.Ordinal).Replace("{space}", space.Id, StringComparison.Ordinal).Replace("{guid}", guid, StringComparison.Ordinal);

        var error = await SendAsync(new HttpMethod(method), filled, body, 404);

        Assert.Equal((code, title, detail), Error(error));
        Assert.Equal(before, await server.RevisionAsync());
    }

    /// <summary>
    /// §A5 as SAP BTP has it: space roles only read; only platform admins create, change, bind and
    /// delete. A group the role cannot see is 404 first; one it can see is 403 CF-NotAuthorized.
    /// </summary>
    [Theory]
    [InlineData("reader")]
    [InlineData("member")]
    [InlineData("admin")]
    public async Task Space_roles_only_read_and_only_platform_admins_write(string role)
    {
        var space = await server.NewProjectAsync("platform");
        var visible = await CreateAsync();
        var hidden = await CreateAsync();
        await SendAsync(HttpMethod.Post, $"/v3/security_groups/{visible}/relationships/running_spaces", $$"""{ "data": [ { "guid": "{{space.Id}}" } ] }""", 200);
        using var caller = await server.ClientForAsync(space.Id, role);
        var before = await server.RevisionAsync();
        var refusals = new List<JsonNode>();

        foreach (var (guid, status) in new[] { (visible, 403), (hidden, 404) })
        {
            refusals.Add(await SendAsync(HttpMethod.Patch, $"/v3/security_groups/{guid}", """{ "name": "mine" }""", status, caller));
            refusals.Add(await SendAsync(HttpMethod.Delete, $"/v3/security_groups/{guid}", null, status, caller));
            refusals.Add(await SendAsync(HttpMethod.Post, $"/v3/security_groups/{guid}/relationships/staging_spaces", $$"""{ "data": [ { "guid": "{{space.Id}}" } ] }""", status, caller));
            refusals.Add(await SendAsync(HttpMethod.Delete, $"/v3/security_groups/{guid}/relationships/running_spaces/{space.Id}", null, status, caller));
        }

        refusals.Add(await SendAsync(HttpMethod.Post, "/v3/security_groups", $$"""{ "name": "{{Name()}}" }""", 403, caller));
        var seen = await SendAsync(HttpMethod.Get, $"/v3/security_groups/{visible}", null, 200, caller);

        Assert.Equal(
            [.. Enumerable.Repeat((10003, "CF-NotAuthorized", "You are not authorized to perform the requested action"), 4), .. Enumerable.Repeat((10010, "CF-ResourceNotFound", "Security group not found"), 4), (10003, "CF-NotAuthorized", "You are not authorized to perform the requested action")],
            refusals.Select(Error));
        Assert.Equal(visible, (string)seen["guid"]!);
        Assert.Equal(before, await server.RevisionAsync());
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
        Assert.Equal((10008, "CF-UnprocessableEntity", "Spaces with guids [\"no-such-space\"] do not exist, or you do not have access to them."), Error(missingSpace));
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
    public async Task An_asgs_rules_carry_its_guid_in_the_native_api_and_in_explain()
    {
        var space = await server.NewProjectAsync("platform");
        var guid = await CreateAsync(rules: """[ { "protocol": "tcp", "destination": "198.18.201.0/24", "ports": "443" } ]""");
        await SendAsync(HttpMethod.Patch, $"/v3/security_groups/{guid}", """{ "rules": [ { "protocol": "tcp", "destination": "198.18.202.0/24", "ports": "443" } ] }""", 200);
        await SendAsync(HttpMethod.Post, $"/v3/security_groups/{guid}/relationships/running_spaces", $$"""{ "data": [ { "guid": "{{space.Id}}" } ] }""", 200);
        var port = await server.PostAsync("/api/v1/ports", new { project_id = space.Id, network_id = space.NetworkId, phase = "running" });

        var native = await server.GetAsync($"/api/v1/security-groups/{guid}");
        var explained = await server.PostAsync("/api/v1/explain", new { port_id = (string)port["id"]!, direction = "egress", protocol = "tcp", port = 443, remote_ip_address = "198.18.202.7" }, 200);

        Assert.All(native["rules"]!.AsArray(), r => Assert.Equal(guid, (string)r!["security_group_id"]!));
        Assert.Equal([guid], explained["matched_rules"]!.AsArray().Select(r => (string)r!["security_group_id"]!));
    }

    [Fact]
    public async Task Unbinding_and_deleting_a_bound_group_through_a_job()
    {
        var space = await server.NewProjectAsync("platform");
        var guid = await CreateAsync();
        await SendAsync(HttpMethod.Post, $"/v3/security_groups/{guid}/relationships/staging_spaces", $$"""{ "data": [ { "guid": "{{space.Id}}" } ] }""", 200);

        await SendAsync(HttpMethod.Delete, $"/v3/security_groups/{guid}/relationships/staging_spaces/{space.Id}", null, 204);
        var notBound = await SendAsync(HttpMethod.Delete, $"/v3/security_groups/{guid}/relationships/staging_spaces/{space.Id}", null, 422);
        var noSpace = await SendAsync(HttpMethod.Delete, $"/v3/security_groups/{guid}/relationships/running_spaces/no-such-space", null, 422);
        await SendAsync(HttpMethod.Post, $"/v3/security_groups/{guid}/relationships/running_spaces", $$"""{ "data": [ { "guid": "{{space.Id}}" } ] }""", 200);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/v3/security_groups/{guid}");
        using var response = await server.Client.SendAsync(delete);
        var job = await SendAsync(HttpMethod.Get, response.Headers.Location!.PathAndQuery, null, 200);

        Assert.Equal((10008, "CF-UnprocessableEntity", $"Unable to unbind security group from space with guid '{space.Id}'. Ensure the space is bound to this security group."), Error(notBound));
        Assert.Equal((10008, "CF-UnprocessableEntity", "Unable to unbind security group from space with guid 'no-such-space'. Ensure the space is bound to this security group."), Error(noSpace));
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

    [Theory]
    [InlineData(null, 10002, "CF-NotAuthenticated", "Authentication error")]
    [InlineData("not-a-token", 1000, "CF-InvalidAuthToken", "Invalid Auth Token")]
    public async Task A_request_without_a_valid_token_is_capis_401(string? token, int code, string title, string detail)
    {
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v3/security_groups");
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("bearer", token);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal((code, title, detail), Error(JsonNode.Parse(await response.Content.ReadAsStringAsync())!));
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

    /// <summary>The one error of a CAPI error body: code, title and detail.</summary>
    private static (int Code, string Title, string Detail) Error(JsonNode body) =>
        ((int)body["errors"]!.AsArray().Single()!["code"]!, (string)body["errors"]![0]!["title"]!, (string)body["errors"]![0]!["detail"]!);
}
