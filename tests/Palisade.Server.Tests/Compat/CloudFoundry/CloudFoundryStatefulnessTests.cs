using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.CloudFoundry;

/// <summary>
/// The one rule for every API (PortGroupOperations): a port's groups are all stateful or all
/// stateless, also when they reach it through a space binding. A server of its own: a globally
/// enabled ASG made by another test would reach every port of its phase.
/// </summary>
public sealed class CloudFoundryStatefulnessTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task Binding_an_asg_to_a_space_whose_port_has_a_stateless_group_is_refused()
    {
        var space = await server.NewProjectAsync("platform");
        var stateless = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = space.Id, name = "fast", stateful = false }))["id"]!;
        await server.PostAsync("/api/v1/ports", new { project_id = space.Id, network_id = space.NetworkId, phase = "running", security_groups = new[] { stateless } });
        var asg = (string)(await SendAsync(HttpMethod.Post, "/v3/security_groups", """{ "name": "asg-statefulness" }""", 201))["guid"]!;
        var before = await server.RevisionAsync();

        var refused = await SendAsync(HttpMethod.Post, $"/v3/security_groups/{asg}/relationships/running_spaces", $$"""{ "data": [ { "guid": "{{space.Id}}" } ] }""", 422);

        Assert.Equal("CF-UnprocessableEntity", (string)refused["errors"]![0]!["title"]!);
        Assert.StartsWith("Cannot apply both stateful and stateless security groups", (string)refused["errors"]![0]!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(before, await server.RevisionAsync());
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, string body, int status)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", server.Client.DefaultRequestHeaders.Authorization!.Parameter);
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{method} {path}: expected {status}, got {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
