using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.CloudStack;

/// <summary>
/// Cloud Foundry's ASGs (platform groups) through CloudStack's listSecurityGroups: a platform admin
/// sees them under account "system", a member of a space they are bound to sees them, a member of a
/// project they are not bound to does not, and a
/// rule to an address range shows as the cidr list of its exact cover, never as one wider CIDR.
/// </summary>
public sealed class CsPlatformGroupsTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task A_platform_admins_list_shows_an_asg_with_its_rules()
    {
        var guid = await CreateAsgAsync("""{ "protocol": "tcp", "destination": "192.0.2.0/24", "ports": "443" }""");
        var admin = await server.NewPrincipalAsync(null, "admin");

        var group = (await ListAsync(admin.Id, $"&id={guid}"))["securitygroup"]!.AsArray().Single()!;

        Assert.Equal(("system", "192.0.2.0/24", 443), ((string)group["account"]!, (string)group["egressrule"]![0]!["cidr"]!, (int)group["egressrule"]![0]!["startport"]!));
    }

    [Fact]
    public async Task A_range_rule_shows_as_the_cidr_list_of_its_exact_cover()
    {
        var guid = await CreateAsgAsync("""{ "protocol": "all", "destination": "10.0.0.1-10.0.0.9" }""");
        var admin = await server.NewPrincipalAsync(null, "admin");

        var group = (await ListAsync(admin.Id, $"&id={guid}"))["securitygroup"]!.AsArray().Single()!;

        Assert.Equal("10.0.0.1/32,10.0.0.2/31,10.0.0.4/30,10.0.0.8/31", (string)group["egressrule"]![0]!["cidr"]!);
    }

    [Fact]
    public async Task A_member_of_a_project_the_asg_is_not_bound_to_does_not_see_it()
    {
        var name = await CreateAsgAsync("""{ "protocol": "all", "destination": "192.0.2.0/24" }""", named: true);
        var project = await server.NewProjectAsync();
        var member = await server.NewPrincipalAsync(project.Id, "member");

        var listed = await ListAsync(member.Id, $"&securitygroupname={name}");

        Assert.Equal(0, (int)listed["count"]!);
    }

    [Fact]
    public async Task A_member_of_a_space_the_asg_is_bound_to_sees_it_as_the_other_apis_do()
    {
        var space = await server.NewProjectAsync("platform");
        var name = await CreateAsgAsync("""{ "protocol": "all", "destination": "192.0.2.0/24" }""", named: true, relationships: $$""", "relationships": { "running_spaces": { "data": [ { "guid": "{{space.Id}}" } ] } }""");
        var member = await server.NewPrincipalAsync(space.Id, "member");

        var listed = await ListAsync(member.Id, $"&securitygroupname={name}");

        Assert.Equal(1, (int)listed["count"]!);
    }

    private async Task<JsonNode> ListAsync(string principalId, string query)
    {
        var keys = await server.PostAsync($"/api/v1/principals/{principalId}/api-keys", new { });
        var parameters = ("command=listSecurityGroups&response=json" + query).Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        parameters["apiKey"] = (string)keys["api_key"]!;
        parameters["signature"] = CloudStackHttpTests.Sign(parameters, (string)keys["secret_key"]!);
        using var response = await server.Client.GetAsync("/client/api?" + string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["listsecuritygroupsresponse"]!;
    }

    /// <returns>The ASG's guid, or its name when <paramref name="named"/>.</returns>
    private async Task<string> CreateAsgAsync(string rule, bool named = false, string relationships = "")
    {
        var name = $"asg-{Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/security_groups")
        {
            Content = new StringContent($$"""{ "name": "{{name}}", "rules": [ {{rule}} ]{{relationships}} }""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", ServerFixture.AdminToken);
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return named ? name : (string)JsonNode.Parse(text)!["guid"]!;
    }
}
