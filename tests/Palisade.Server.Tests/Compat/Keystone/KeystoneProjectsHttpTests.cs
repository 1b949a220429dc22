using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.Keystone;

/// <summary>
/// Keystone's <c>POST /v3/projects</c> and <c>DELETE /v3/projects/{id}</c>, which tempest's admin
/// quota tests call to make a project of their own: the native project create and delete, for a
/// platform admin, with Keystone's error body.
/// </summary>
public sealed class KeystoneProjectsHttpTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task An_admin_creates_a_project_that_the_native_api_lists_with_its_default_group()
    {
        using var admin = Keystone(ServerFixture.AdminToken);
        var name = $"ks-{Guid.NewGuid():N}"[..12];

        using var response = await admin.PostAsJsonAsync("/identity/v3/projects", new { project = new { name, domain_id = "default", description = "tempest" } });
        var project = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["project"]!;
        var id = (string)project["id"]!;
        var groups = await server.GetAsync($"/api/v1/security-groups?project_id={id}");

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal((name, "default"), ((string)project["name"]!, (string)project["domain_id"]!));
        Assert.Equal(name, (string)(await server.GetAsync($"/api/v1/projects/{id}"))["name"]!);
        Assert.Equal("default", (string)groups.AsArray().Single()!["name"]!);
    }

    [Fact]
    public async Task An_admin_deletes_a_project_and_it_is_gone()
    {
        using var admin = Keystone(ServerFixture.AdminToken);
        var project = await server.NewProjectAsync();

        using var response = await admin.DeleteAsync($"/identity/v3/projects/{project.Id}");

        Assert.Equal(204, (int)response.StatusCode);
        await server.GetAsync($"/api/v1/projects/{project.Id}", expectedStatus: 404);
    }

    [Fact]
    public async Task A_member_may_not_create_a_project_and_is_told_in_keystone_shape()
    {
        var project = await server.NewProjectAsync();
        var member = await server.NewPrincipalAsync(project.Id, "member");
        using var client = Keystone(member.Token);

        using var response = await client.PostAsJsonAsync("/identity/v3/projects", new { project = new { name = "not-mine" } });
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal((403, 403), ((int)response.StatusCode, (int)error["code"]!));
        Assert.Empty((await server.GetAsync("/api/v1/projects?name=not-mine")).AsArray());
    }

    [Fact]
    public async Task A_project_in_another_domain_is_refused_as_keystone_refuses_an_unknown_domain()
    {
        using var admin = Keystone(ServerFixture.AdminToken);

        using var response = await admin.PostAsJsonAsync("/identity/v3/projects", new { project = new { name = "elsewhere", domain_id = "other" } });
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal((404, 404), ((int)response.StatusCode, (int)error["code"]!));
        Assert.Empty((await server.GetAsync("/api/v1/projects?name=elsewhere")).AsArray());
    }

    [Theory]
    [InlineData("""{"name":"flat"}""")]
    [InlineData("""[{"project":{"name":"listed"}}]""")]
    [InlineData("""{"project":"named"}""")]
    public async Task A_body_without_a_project_object_is_a_400_in_keystone_shape(string body)
    {
        using var admin = Keystone(ServerFixture.AdminToken);

        using var response = await admin.PostAsync("/identity/v3/projects", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal((400, 400), ((int)response.StatusCode, (int)error["code"]!));
    }

    private HttpClient Keystone(string token)
    {
        var client = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        return client;
    }
}
