using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Palisade.Server.Tests.Compat.CloudStack;

namespace Palisade.Server.Tests;

/// <summary>
/// A platform group (a Cloud Foundry ASG) is seen by a project only where it is bound to it or to
/// the whole platform, through every API a project reader reaches: /api/v1, Neutron, CloudStack
/// and CAPI /v3 answer alike, and a group bound to another space does not exist for the reader.
/// </summary>
public sealed class PlatformGroupVisibilityTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private TestProject space = null!;
    private TestPrincipal reader = null!;
    private HttpClient readerClient = null!;
    private string bound = null!;
    private string global = null!;
    private string hidden = null!;

    public async Task InitializeAsync()
    {
        space = await server.NewProjectAsync("platform");
        var other = await server.NewProjectAsync("platform");
        reader = await server.NewPrincipalAsync(space.Id, "reader");
        readerClient = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = server.Client.Timeout };
        readerClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", reader.Token);
        bound = await CreateAsgAsync(false, space.Id);
        global = await CreateAsgAsync(true, null);
        hidden = await CreateAsgAsync(false, other.Id);
    }

    public Task DisposeAsync()
    {
        readerClient.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_native_list_shows_a_reader_the_bound_and_global_groups_only()
    {
        var listed = await server.GetAsync("/api/v1/security-groups?limit=1000", caller: readerClient);

        Assert.Equal(new[] { bound, global }.Order(), Ids(listed.AsArray(), "id").Where(g => g == bound || g == global || g == hidden).Order());
    }

    [Theory]
    [InlineData("/api/v1/security-groups/{0}")]
    [InlineData("/api/v1/security-groups/{0}/rules")]
    public async Task The_native_api_answers_404_for_a_group_bound_to_another_space(string path)
    {
        await server.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, hidden), 404, readerClient);
    }

    [Fact]
    public async Task The_native_api_shows_a_reader_a_group_bound_to_its_space()
    {
        var shown = await server.GetAsync($"/api/v1/security-groups/{bound}", caller: readerClient);

        Assert.Equal(bound, (string)shown["id"]!);
    }

    [Fact]
    public async Task The_native_binding_list_hides_the_bindings_of_a_group_bound_to_another_space()
    {
        var listed = await server.GetAsync("/api/v1/bindings?limit=1000", caller: readerClient);

        Assert.DoesNotContain(hidden, Ids(listed.AsArray(), "group_id"));
    }

    [Fact]
    public async Task Neutron_lists_and_shows_a_reader_only_the_bound_and_global_groups()
    {
        var listed = await NeutronAsync($"/v2.0/security-groups", 200);
        var shown = await NeutronAsync($"/v2.0/security-groups/{hidden}", 404);

        Assert.Equal(new[] { bound, global }.Order(), Ids(listed["security_groups"]!.AsArray(), "id").Where(g => g == bound || g == global || g == hidden).Order());
        Assert.Equal("SecurityGroupNotFound", (string)shown["NeutronError"]!["type"]!);
    }

    [Fact]
    public async Task Cloud_foundry_answers_404_for_a_group_bound_to_another_space()
    {
        using var response = await readerClient.GetAsync($"/v3/security_groups/{hidden}");

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Cloudstack_knows_no_group_bound_to_another_space()
    {
        var keys = await server.PostAsync($"/api/v1/principals/{reader.Id}/api-keys", new { });
        var parameters = new Dictionary<string, string> { ["command"] = "listSecurityGroups", ["response"] = "json", ["apiKey"] = (string)keys["api_key"]!, ["id"] = hidden };
        parameters["signature"] = CloudStackHttpTests.Sign(parameters, (string)keys["secret_key"]!);

        using var response = await readerClient.GetAsync("/client/api?" + string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));

        Assert.Equal(431, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_member_cannot_put_a_platform_group_bound_elsewhere_on_its_port()
    {
        var project = await server.NewProjectAsync();
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId });
        using var member = await server.ClientForAsync(project.Id, "member");

        await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{port["id"]}/security-groups", new { security_groups = new[] { hidden } }, 404, member);
    }

    [Fact]
    public async Task A_neutron_member_cannot_put_a_platform_group_bound_elsewhere_on_its_port()
    {
        var project = await server.NewProjectAsync();
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId });
        var member = await server.NewPrincipalAsync(project.Id, "member");

        var refused = await NeutronSendAsync(HttpMethod.Put, $"/v2.0/ports/{port["id"]}", new { port = new { security_groups = new[] { hidden } } }, member.Token, 404);

        Assert.Equal("SecurityGroupNotFound", (string)refused["NeutronError"]!["type"]!);
    }

    [Fact]
    public async Task A_member_cannot_name_a_platform_group_bound_elsewhere_as_a_remote_group()
    {
        var project = await server.NewProjectAsync();
        var member = await server.NewPrincipalAsync(project.Id, "member");
        var rule = new { security_group_rule = new { security_group_id = project.DefaultGroupId, direction = "ingress", ethertype = "IPv4", remote_group_id = hidden } };

        var refused = await NeutronSendAsync(HttpMethod.Post, "/v2.0/security-group-rules", rule, member.Token, 404);

        Assert.Equal("SecurityGroupNotFound", (string)refused["NeutronError"]!["type"]!);
    }

    [Fact]
    public async Task A_member_may_name_a_platform_group_bound_to_its_project_as_a_remote_group()
    {
        var project = await server.NewProjectAsync();
        var member = await server.NewPrincipalAsync(project.Id, "member");
        var own = await CreateAsgAsync(false, project.Id);
        var rule = new { security_group_rule = new { security_group_id = project.DefaultGroupId, direction = "ingress", ethertype = "IPv4", remote_group_id = own } };

        var created = await NeutronSendAsync(HttpMethod.Post, "/v2.0/security-group-rules", rule, member.Token, 201);

        Assert.Equal(own, (string)created["security_group_rule"]!["remote_group_id"]!);
    }

    private async Task<JsonNode> NeutronSendAsync(HttpMethod method, string path, object body, string token, int status)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body), Headers = { { "X-Auth-Token", token } } };
        using var response = await readerClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<string> CreateAsgAsync(bool globallyRunning, string? runningSpace)
    {
        var spaces = runningSpace is null ? "" : $$""", "relationships": { "running_spaces": { "data": [ { "guid": "{{runningSpace}}" } ] } }""";
        using var content = new StringContent($$"""{ "name": "asg-{{Guid.NewGuid():N}}", "globally_enabled": { "running": {{(globallyRunning ? "true" : "false")}} }{{spaces}} }""", Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync("/v3/security_groups", content);
        Assert.Equal(201, (int)response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonNode>())!["guid"]!;
    }

    private async Task<JsonNode> NeutronAsync(string path, int status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "X-Auth-Token", reader.Token } } };
        using var response = await readerClient.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static IEnumerable<string> Ids(JsonArray items, string field) => items.Select(i => (string)i![field]!);
}
