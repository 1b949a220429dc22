using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

/// <summary>
/// Each malformed input that once made a 500 (issue 11), sent through the API that took it: a 4xx in
/// that API's own error shape, and the store's revision unchanged.
/// </summary>
public abstract class MalformedRequestRefusalTests(ServerFixture server) : IAsyncLifetime
{
    private TestProject project = null!;
    private TestPrincipal member = null!;
    private string apiKey = null!;
    private string secret = null!;

    public async Task InitializeAsync()
    {
        project = await server.NewProjectAsync();
        member = await server.NewPrincipalAsync(project.Id, "member");
        var keys = await server.PostAsync($"/api/v1/principals/{member.Id}/api-keys", new { });
        (apiKey, secret) = ((string)keys["api_key"]!, (string)keys["secret_key"]!);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The four faults a JSON reader must refuse, each put into a string value named "name".</summary>
    public static TheoryData<string> JsonFaults => ["invalid UTF-8", "duplicate key", "lone surrogate", "U+0000"];

    /// <summary>The native API takes U+0000 in a name (its store keeps bodies as escaped JSON); an id with one names nothing.</summary>
    public static TheoryData<string> NativeJsonFaults => ["invalid UTF-8", "duplicate key", "lone surrogate"];

    [Theory]
    [MemberData(nameof(JsonFaults))]
    public async Task Neutron_refuses_a_body_with_a_fault_as_a_NeutronError_400(string fault)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v2.0/security-groups", Faulty("""{"security_group":{"name":"@","description":"d"}}""", fault), ("X-Auth-Token", member.Token));

        Assert.Equal((400, "HTTPBadRequest"), (status, (string?)body?["NeutronError"]?["type"]));
    }

    [Theory]
    [MemberData(nameof(JsonFaults))]
    public async Task Cloud_Foundry_refuses_a_body_with_a_fault_as_a_CF_MessageParseError(string fault)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v3/security_groups", Faulty("""{"name":"@","rules":[]}""", fault), ("Authorization", "bearer " + ServerFixture.AdminToken));

        Assert.Equal((400, 1001), (status, (int?)body?["errors"]?[0]?["code"]));
    }

    [Theory]
    [MemberData(nameof(JsonFaults))]
    public async Task Keystone_refuses_a_body_with_a_fault_as_its_400_error(string fault)
    {
        var auth = """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"@","domain":{"id":"default"},"password":"TOKEN"}}}}}""".Replace("TOKEN", member.Token, StringComparison.Ordinal);

        var (status, body) = await SendAsync(HttpMethod.Post, "/identity/v3/auth/tokens", Faulty(auth, fault));

        Assert.Equal((400, 400), (status, (int?)body?["error"]?["code"]));
    }

    [Theory]
    [MemberData(nameof(NativeJsonFaults))]
    public async Task The_native_API_refuses_a_body_with_a_fault_as_a_problem(string fault)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/projects", Faulty("""{"name":"@","groups_managed_by":"project"}""", fault), ("Authorization", "Bearer " + ServerFixture.AdminToken));

        Assert.Equal((400, "Malformed JSON"), (status, (string?)body?["title"]));
    }

    /// <summary>The rules endpoint binds its body as a JsonElement (one rule or a batch) and reads the names afterwards.</summary>
    [Fact]
    public async Task The_native_API_refuses_a_property_name_with_a_lone_surrogate_as_a_problem()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, $"/api/v1/security-groups/{project.DefaultGroupId}/rules", Encoding.UTF8.GetBytes("""{"\ud800direction":"ingress"}"""), ("Authorization", "Bearer " + ServerFixture.AdminToken));

        Assert.Equal((400, "Malformed JSON"), (status, (string?)body?["title"]));
    }

    /// <summary>A null where a list holds objects or ids: each is a 400 problem naming the list, not a NullReferenceException.</summary>
    [Theory]
    [InlineData("POST", "/api/v1/security-groups/{group}/rules", """{"rules":[null,{"direction":"ingress","protocol":"icmp"}]}""")]
    [InlineData("POST", "/api/v1/platform-policies", """{"name":"fuzz","cidrs":[null]}""")]
    [InlineData("POST", "/api/v1/ports", """{"project_id":"{project}","network_id":"{network}","fixed_ips":[null]}""")]
    [InlineData("POST", "/api/v1/ports", """{"project_id":"{project}","network_id":"{network}","allowed_address_pairs":[null]}""")]
    [InlineData("POST", "/api/v1/ports", """{"project_id":"{project}","network_id":"{network}","security_groups":[null]}""")]
    [InlineData("PUT", "/api/v1/ports/{port}/security-groups", """{"security_groups":[null]}""")]
    [InlineData("PUT", "/api/v1/hosts/h-null/status", """{"applied_revision":1,"enforced_ports":[null],"counters":[]}""")]
    [InlineData("PUT", "/api/v1/hosts/h-null/status", """{"applied_revision":1,"enforced_ports":[],"counters":[null]}""")]
    public async Task The_native_API_refuses_a_null_in_a_list_as_a_problem_400(string method, string path, string body)
    {
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId });
        string Fill(string text) => text.Replace("{group}", project.DefaultGroupId, StringComparison.Ordinal).Replace("{project}", project.Id, StringComparison.Ordinal)
            .Replace("{network}", project.NetworkId, StringComparison.Ordinal).Replace("{port}", (string)port["id"]!, StringComparison.Ordinal);

        var (status, answer) = await SendAsync(new HttpMethod(method), Fill(path), Encoding.UTF8.GetBytes(Fill(body)), ("Authorization", "Bearer " + ServerFixture.AdminToken));

        Assert.True(status == 400 && answer?["status"] is not null, $"{status} {answer?.ToJsonString()}");
    }

    /// <summary>CAPI's relationships are objects of {"data": [{"guid"}]}; any other shape is its 422.</summary>
    [Theory]
    [InlineData("\"x\"")]
    [InlineData("[]")]
    [InlineData("[\"x\"]")]
    [InlineData("""{"running_spaces":"x"}""")]
    [InlineData("""{"running_spaces":["x"]}""")]
    [InlineData("""{"staging_spaces":{"data":"x"}}""")]
    [InlineData("""{"staging_spaces":{"data":{}}}""")]
    [InlineData("""{"running_spaces":{"data":["x"]}}""")]
    [InlineData("""{"running_spaces":{"data":[[]]}}""")]
    public async Task Cloud_Foundry_refuses_relationships_of_the_wrong_shape_as_CF_UnprocessableEntity(string relationships)
    {
        var body = $$"""{"name":"asg-{{Guid.NewGuid():N}}","relationships":{{relationships}}}""";

        var (status, answer) = await SendAsync(HttpMethod.Post, "/v3/security_groups", Encoding.UTF8.GetBytes(body), ("Authorization", "bearer " + ServerFixture.AdminToken));

        Assert.Equal((422, 10008), (status, (int?)answer?["errors"]?[0]?["code"]));
    }

    [Fact]
    public async Task CloudStack_refuses_a_form_value_with_a_NUL_as_its_431()
    {
        var form = CloudStackRequests.Signed([new("command", "createSecurityGroup"), new("name", "web\0x")], apiKey, secret);

        var (status, body) = await SendAsync(HttpMethod.Post, "/client/api", Encoding.UTF8.GetBytes(CloudStackRequests.Encode(form)), contentType: "application/x-www-form-urlencoded");

        // ASP.NET Core's form reader refuses the NUL before the command is read, so the answer is CloudStack's errorresponse.
        Assert.Equal((431, 431, 9999), (status, (int?)body?["errorresponse"]?["errorcode"], (int?)body?["errorresponse"]?["cserrorcode"]));
    }

    [Fact]
    public async Task CloudStack_refuses_a_query_id_with_a_NUL_as_its_431()
    {
        var query = CloudStackRequests.Signed([new("command", "listSecurityGroups"), new("id", "\0")], apiKey, secret);

        var (status, body) = await SendAsync(HttpMethod.Get, "/client/api?" + CloudStackRequests.Encode(query), null);

        Assert.Equal((431, 431), (status, (int?)body?["listsecuritygroupsresponse"]?["errorcode"]));
    }

    /// <summary>ASP.NET Core's form reader takes 1,024 fields; past that it throws, which is answered in CloudStack's shape.</summary>
    [Fact]
    public async Task CloudStack_refuses_a_form_of_more_than_1024_fields_as_its_431()
    {
        var fields = Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"f{i}", "v"));
        var form = CloudStackRequests.Signed([new("command", "listSecurityGroups"), .. fields], apiKey, secret);

        var (status, body) = await SendAsync(HttpMethod.Post, "/client/api?command=listSecurityGroups", Encoding.UTF8.GetBytes(CloudStackRequests.Encode(form)), contentType: "application/x-www-form-urlencoded");

        Assert.Equal((431, 431), (status, (int?)body?["listsecuritygroupsresponse"]?["errorcode"]));
    }

    /// <summary>A NUL in a query id reaches no store: PostgreSQL's text refuses it (SQLSTATE 22021).</summary>
    [Fact]
    public async Task Neutron_refuses_a_filter_with_a_NUL_as_a_NeutronError_400()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/v2.0/security-groups?project_id=%00", null, ("X-Auth-Token", member.Token));

        Assert.Equal((400, "HTTPBadRequest"), (status, (string?)body?["NeutronError"]?["type"]));
    }

    [Fact]
    public async Task Cloud_Foundry_refuses_a_query_guid_with_a_NUL_as_CF_BadQueryParameter()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/v3/security_groups?running_space_guids=%00", null, ("Authorization", "bearer " + ServerFixture.AdminToken));

        Assert.Equal((400, 10005), (status, (int?)body?["errors"]?[0]?["code"]));
    }

    [Fact]
    public async Task Cloud_Foundry_answers_a_path_guid_with_a_control_character_as_CF_ResourceNotFound()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/v3/security_groups/a%01b", null, ("Authorization", "bearer " + ServerFixture.AdminToken));

        Assert.Equal((404, 10010), (status, (int?)body?["errors"]?[0]?["code"]));
    }

    [Fact]
    public async Task Keystone_refuses_a_query_with_a_NUL_as_its_400_error()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/identity/v3/projects?name=%00", null, ("X-Auth-Token", member.Token));

        Assert.Equal((400, 400), (status, (int?)body?["error"]?["code"]));
    }

    /// <summary>The native API has no dialect filter; an id with a NUL reaches the store's door, where it names nothing.</summary>
    [Fact]
    public async Task The_native_API_answers_a_body_id_with_a_NUL_as_a_problem_404()
    {
        var (status, answer) = await SendAsync(HttpMethod.Post, "/api/v1/security-groups", Encoding.UTF8.GetBytes("""{"project_id":"p\u0000","name":"web"}"""), ("Authorization", "Bearer " + ServerFixture.AdminToken));

        Assert.Equal((404, "Not found"), (status, (string?)answer?["title"]));
    }

    /// <summary>The body with the fault put at "@" (a string value of a property called name).</summary>
    private static byte[] Faulty(string template, string fault)
    {
        var (before, after) = (template[..template.IndexOf('@', StringComparison.Ordinal)], template[(template.IndexOf('@', StringComparison.Ordinal) + 1)..]);
        byte[] middle = fault switch
        {
            "invalid UTF-8" => [(byte)'a', 0xff, 0xfe, (byte)'b'],
            "duplicate key" => Encoding.UTF8.GetBytes("a\",\"name\":\"b"),
            "lone surrogate" => Encoding.UTF8.GetBytes("\\ud800"),
            _ => Encoding.UTF8.GetBytes("a\\u0000b"),
        };
        return [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];
    }

    /// <summary>Sends the request, checks that it changed nothing, and returns the status and the JSON body (null when there is none).</summary>
    private async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, byte[]? body, params (string Name, string Value)[] headers) =>
        await SendAsync(method, path, body, "application/json", headers);

    private async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, byte[]? body, string contentType, params (string Name, string Value)[] headers)
    {
        var before = await server.RevisionAsync();
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = server.Client.Timeout };
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(before, await server.RevisionAsync());
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}

public sealed class MalformedRequestRefusalTestsOnSqlite(SqliteServerFixture server) : MalformedRequestRefusalTests(server), IClassFixture<SqliteServerFixture>;

public sealed class MalformedRequestRefusalTestsOnPostgres(PostgresServerFixture server) : MalformedRequestRefusalTests(server), IClassFixture<PostgresServerFixture>;
