using System.Net;
using System.Net.Http.Headers;

namespace Palisade.Server.Tests;

/// <summary>Principals, tokens and role bindings, made by admins and used as bearer tokens.</summary>
public abstract class IdentityTests(ServerFixture server)
{
    [Fact]
    public async Task A_principal_token_signs_in_with_its_roles_until_revoked()
    {
        var project = await server.NewProjectAsync();
        var principal = await server.PostAsync("/api/v1/principals", new { name = "alice-" + Guid.NewGuid().ToString("N")[..6] });
        var token = await server.PostAsync("/api/v1/tokens", new { principal_id = (string)principal["id"]!, description = "laptop" });
        await server.PostAsync("/api/v1/role-bindings", new { principal_id = (string)principal["id"]!, role = "member", project_id = project.Id });
        using var alice = ClientWith((string)token["token"]!);

        var whoami = await server.GetAsync("/api/v1/whoami", caller: alice);
        var listed = await server.GetAsync($"/api/v1/tokens?principal_id={principal["id"]}");
        var created = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" }, caller: alice);
        var audit = await server.GetAsync($"/api/v1/audit-events?resource_id={created["id"]}", caller: alice);
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/tokens/{token["id"]}", null, 204);
        var afterRevoke = await alice.GetAsync("/api/v1/whoami");

        Assert.Equal((string)principal["name"]!, (string)whoami["principal"]!);
        Assert.False((bool)whoami["is_platform_admin"]!);
        Assert.Equal("member", (string)whoami["project_roles"]![project.Id]!);
        Assert.DoesNotContain((string)token["token"]!, listed.ToJsonString());
        Assert.Null(listed[0]!["token"]);
        Assert.Equal((string)principal["name"]!, (string)audit["events"]![0]!["actor"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
    }

    [Fact]
    public async Task Token_secrets_appear_nowhere_but_in_the_answer_that_made_them()
    {
        var principal = await server.PostAsync("/api/v1/principals", new { name = "bob-" + Guid.NewGuid().ToString("N")[..6] });
        var token = await server.PostAsync("/api/v1/tokens", new { principal_id = (string)principal["id"]! });
        var secret = (string)token["token"]!;

        var audit = await server.GetAsync("/api/v1/audit-events?limit=1000");

        Assert.StartsWith("pal_", secret);
        Assert.DoesNotContain(secret, audit.ToJsonString());
        Assert.DoesNotContain("token_hash", audit.ToJsonString());
    }

    [Fact]
    public async Task Deleting_a_principal_removes_its_tokens_and_roles()
    {
        var project = await server.NewProjectAsync();
        using var member = await server.ClientForAsync(project.Id, "member");
        var name = (string)(await server.GetAsync("/api/v1/whoami", caller: member))["principal"]!;
        var principal = (await server.GetAsync("/api/v1/principals")).AsArray().Single(p => (string)p!["name"]! == name)!;

        await server.SendAsync(HttpMethod.Delete, $"/api/v1/principals/{principal["id"]}", null, 204);

        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/v1/whoami")).StatusCode);
        Assert.Empty((await server.GetAsync($"/api/v1/role-bindings?principal_id={principal["id"]}")).AsArray());
        Assert.Empty((await server.GetAsync($"/api/v1/tokens?principal_id={principal["id"]}")).AsArray());
    }

    [Fact]
    public async Task A_platform_admin_principal_does_what_the_admin_token_does()
    {
        using var operatorClient = await server.ClientForAsync(null, "admin");

        var project = await server.PostAsync("/api/v1/projects", new { name = "by-operator" }, caller: operatorClient);
        var whoami = await server.GetAsync("/api/v1/whoami", caller: operatorClient);

        Assert.True((bool)whoami["is_platform_admin"]!);
        await server.GetAsync($"/api/v1/projects/{project["id"]}", caller: operatorClient);
    }

    [Theory]
    [InlineData("/api/v1/principals", "{}", "name")]
    [InlineData("/api/v1/principals", "{\"name\": \"admin\"}", "name")]
    [InlineData("/api/v1/tokens", "{}", "principal_id")]
    [InlineData("/api/v1/role-bindings", "{\"principal_id\": \"x\", \"role\": \"owner\", \"project_id\": \"y\"}", "role")]
    [InlineData("/api/v1/role-bindings", "{\"principal_id\": \"x\", \"role\": \"member\"}", "project_id")]
    public async Task Bad_identity_requests_name_the_field(string path, string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync(path, content);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Identity_references_that_do_not_exist_are_404_and_duplicates_409()
    {
        var name = "dup-" + Guid.NewGuid().ToString("N")[..6];
        var principal = await server.PostAsync("/api/v1/principals", new { name });

        await server.PostAsync("/api/v1/principals", new { name }, 409);
        await server.PostAsync("/api/v1/tokens", new { principal_id = "nobody" }, 404);
        await server.PostAsync("/api/v1/role-bindings", new { principal_id = (string)principal["id"]!, role = "member", project_id = "nowhere" }, 404);
        await server.PostAsync("/api/v1/role-bindings", new { principal_id = (string)principal["id"]!, role = "admin" });
        await server.PostAsync("/api/v1/role-bindings", new { principal_id = (string)principal["id"]!, role = "admin" }, 409);
        await server.SendAsync(HttpMethod.Delete, "/api/v1/tokens/none", null, 404);
    }

    [Fact]
    public async Task The_built_in_admin_principal_is_listed_with_the_others()
    {
        var principals = await server.GetAsync("/api/v1/principals?limit=1000");

        var admin = principals.AsArray().Single(p => (string)p!["id"]! == "admin")!;
        Assert.Equal("admin", (string)admin["name"]!);
    }

    [Fact]
    public async Task The_built_in_admin_principal_cannot_be_deleted()
    {
        var refusal = await server.SendAsync(HttpMethod.Delete, "/api/v1/principals/admin", null, 409);

        Assert.Contains("built-in admin principal", (string)refusal!["detail"]!);
        await server.GetAsync("/api/v1/principals/admin");
    }

    [Fact]
    public async Task A_token_made_for_the_built_in_admin_acts_as_the_platform_admin()
    {
        var token = await server.PostAsync("/api/v1/tokens", new { principal_id = "admin", description = "second admin token" });

        using var admin = ClientWith((string)token["token"]!);
        var whoami = await server.GetAsync("/api/v1/whoami", caller: admin);

        Assert.True((bool)whoami["is_platform_admin"]!);
        Assert.Equal("admin", (string)whoami["principal"]!);
    }

    [Fact]
    public async Task A_role_binding_for_the_built_in_admin_is_refused_naming_the_principal()
    {
        var project = await server.NewProjectAsync();

        var problem = await server.PostAsync("/api/v1/role-bindings", new { principal_id = "admin", role = "reader", project_id = project.Id }, 400);

        Assert.NotNull(problem["errors"]!["principal_id"]);
        Assert.Empty((await server.GetAsync("/api/v1/role-bindings?principal_id=admin")).AsArray());
    }

    [Fact]
    public async Task A_principals_api_keys_are_listed_without_their_secrets()
    {
        var principal = await server.PostAsync("/api/v1/principals", new { name = "keys-" + Guid.NewGuid().ToString("N")[..6] });
        var key = await server.PostAsync($"/api/v1/principals/{principal["id"]}/api-keys", new { });

        var listed = await server.GetAsync($"/api/v1/principals/{principal["id"]}/api-keys");

        Assert.Equal((string)key["api_key"]!, (string)listed[0]!["api_key"]!);
        Assert.NotNull(listed[0]!["created_at"]);
        Assert.DoesNotContain((string)key["secret_key"]!, listed.ToJsonString());
    }

    private HttpClient ClientWith(string token)
    {
        var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

public sealed class IdentityTestsOnSqlite(SqliteServerFixture server) : IdentityTests(server), IClassFixture<SqliteServerFixture>;

public sealed class IdentityTestsOnPostgres(PostgresServerFixture server) : IdentityTests(server), IClassFixture<PostgresServerFixture>;
