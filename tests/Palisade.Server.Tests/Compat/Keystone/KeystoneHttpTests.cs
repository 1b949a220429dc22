using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.Keystone;

/// <summary>
/// Palisade's Keystone v3 endpoint request by request: discovery, sign-in by password and by token,
/// the token's scope and catalog, and Keystone's error bodies for what a client gets wrong.
/// </summary>
public abstract class KeystoneHttpTests(ServerFixture server) : IAsyncLifetime
{
    private readonly HttpClient anonymous = new() { BaseAddress = server.Client.BaseAddress };
    private TestProject project = null!;
    private TestPrincipal member = null!;

    public async Task InitializeAsync()
    {
        project = await server.NewProjectAsync();
        member = await server.NewPrincipalAsync(project.Id, "member");
    }

    public Task DisposeAsync()
    {
        anonymous.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Discovery_lists_v3_at_the_root_and_describes_it_at_v3()
    {
        using var root = await anonymous.GetAsync("/identity");
        using var v3 = await anonymous.GetAsync("/identity/v3");
        var versions = JsonNode.Parse(await root.Content.ReadAsStringAsync())!;
        var version = JsonNode.Parse(await v3.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.MultipleChoices, root.StatusCode);
        Assert.Equal("v3.14", (string)versions["versions"]!["values"]![0]!["id"]!);
        Assert.Equal(HttpStatusCode.OK, v3.StatusCode);
        Assert.Equal($"{server.Client.BaseAddress!.ToString().TrimEnd('/')}/identity/v3/", (string)version["version"]!["links"]![0]!["href"]!);
    }

    [Fact]
    public async Task A_password_sign_in_scoped_by_name_answers_the_token_with_roles_and_catalog()
    {
        using var response = await SignInAsync(Password(member.Name, member.Token), ProjectByName(project.Name));
        var token = (await ReadAsync(response, 201))["token"]!;
        var secret = response.Headers.GetValues("X-Subject-Token").Single();
        var stored = (await server.GetAsync($"/api/v1/tokens?principal_id={member.Id}")).AsArray().Single(t => t!["expires_at"] is not null)!;
        var baseUrl = server.Client.BaseAddress!.ToString().TrimEnd('/');

        Assert.StartsWith("pal_", secret);
        Assert.Equal((member.Id, member.Name, "default"), ((string)token["user"]!["id"]!, (string)token["user"]!["name"]!, (string)token["user"]!["domain"]!["id"]!));
        Assert.Equal((project.Id, project.Name), ((string)token["project"]!["id"]!, (string)token["project"]!["name"]!));
        Assert.Equal(["member", "reader"], token["roles"]!.AsArray().Select(r => (string)r!["name"]!));
        Assert.Equal(TimeSpan.FromHours(1), DateTimeOffset.Parse((string)token["expires_at"]!) - DateTimeOffset.Parse((string)token["issued_at"]!));
        Assert.All(Endpoints(token, "network"), url => Assert.Equal(baseUrl, url));
        Assert.All(Endpoints(token, "identity"), url => Assert.Equal($"{baseUrl}/identity/v3", url));
        Assert.Equal(project.Id, (string)stored["project_id"]!);
        Assert.DoesNotContain(secret, (await server.GetAsync("/api/v1/audit-events?limit=1000")).ToJsonString());
    }

    [Fact]
    public async Task A_scoped_token_creates_in_its_project_although_the_principal_has_two()
    {
        var second = await server.NewProjectAsync();
        await server.PostAsync("/api/v1/role-bindings", new { principal_id = member.Id, role = "member", project_id = second.Id });
        using var neutron = await NeutronClientAsync(Password(member.Name, member.Token), ProjectById(second.Id));

        using var created = await neutron.PostAsJsonAsync("/v2.0/security-groups", new { security_group = new { name = "scoped" } });
        var listed = JsonNode.Parse(await neutron.GetStringAsync("/v2.0/security-groups"))!["security_groups"]!.AsArray();

        Assert.Equal(second.Id, (string)(await ReadAsync(created, 201))["security_group"]!["project_id"]!);
        Assert.All(listed, g => Assert.Equal(second.Id, (string)g!["project_id"]!));
    }

    [Fact]
    public async Task A_scoped_token_stops_working_when_its_role_in_the_project_is_removed()
    {
        using var neutron = await NeutronClientAsync(Password(member.Name, member.Token), ProjectById(project.Id));
        using var before = await neutron.GetAsync("/v2.0/security-groups");
        var binding = (await server.GetAsync($"/api/v1/role-bindings?principal_id={member.Id}"))[0]!;

        await server.SendAsync(HttpMethod.Delete, $"/api/v1/role-bindings/{binding["id"]}", null, 204);
        using var after = await neutron.GetAsync("/v2.0/security-groups");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_reader_is_signed_in_as_reader_and_may_not_create()
    {
        var reader = await server.NewPrincipalAsync(project.Id, "reader");
        using var response = await SignInAsync(UserById(reader.Id, reader.Token), ProjectById(project.Id));
        var token = (await ReadAsync(response, 201))["token"]!;
        using var neutron = NeutronClient(response.Headers.GetValues("X-Subject-Token").Single());

        using var created = await neutron.PostAsJsonAsync("/v2.0/security-groups", new { security_group = new { name = "nope" } });

        Assert.Equal(["reader"], token["roles"]!.AsArray().Select(r => (string)r!["name"]!));
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
    }

    [Fact]
    public async Task The_token_method_rescopes_and_an_unscoped_token_has_no_project_or_catalog()
    {
        using var unscoped = await SignInAsync(Password(member.Name, member.Token), scope: null);
        var unscopedToken = (await ReadAsync(unscoped, 201))["token"]!;
        var identity = new { methods = new[] { "token" }, token = new { id = unscoped.Headers.GetValues("X-Subject-Token").Single() } };
        using var rescoped = await SignInAsync(identity, ProjectByName(project.Name));
        var rescopedToken = (await ReadAsync(rescoped, 201))["token"]!;

        Assert.Null(unscopedToken["project"]);
        Assert.Null(unscopedToken["catalog"]);
        Assert.Equal(["token"], rescopedToken["methods"]!.AsArray().Select(m => (string)m!));
        Assert.Equal(project.Id, (string)rescopedToken["project"]!["id"]!);
        Assert.Equal((string)unscopedToken["expires_at"]!, (string)rescopedToken["expires_at"]!);
    }

    [Fact]
    public async Task Unknown_users_wrong_passwords_and_projects_without_a_role_are_keystones_401()
    {
        var stranger = await server.NewProjectAsync();
        var other = await server.NewPrincipalAsync(stranger.Id, "member");

        var unknownUser = await SignInAsync(Password("nobody-" + Guid.NewGuid().ToString("N")[..6], member.Token), ProjectByName(project.Name));
        var wrongPassword = await SignInAsync(Password(member.Name, "pal_wrong"), ProjectByName(project.Name));
        var othersPassword = await SignInAsync(Password(member.Name, other.Token), ProjectByName(project.Name));
        var unknownProject = await SignInAsync(Password(member.Name, member.Token), ProjectById(Guid.NewGuid().ToString()));
        var noRole = await SignInAsync(Password(member.Name, member.Token), ProjectByName(stranger.Name));
        var otherDomain = await SignInAsync(new { methods = new[] { "password" }, password = new { user = new { name = member.Name, domain = new { name = "Other" }, password = member.Token } } }, scope: null);

        foreach (var response in new[] { unknownUser, wrongPassword, othersPassword, unknownProject, noRole, otherDomain })
        {
            using (response)
            {
                var error = (await ReadAsync(response, 401))["error"]!;
                Assert.Equal((401, "Unauthorized", "The request you have made requires authentication."), ((int)error["code"]!, (string)error["title"]!, (string)error["message"]!));
                Assert.StartsWith("Keystone uri=", response.Headers.WwwAuthenticate.ToString());
            }
        }
    }

    [Theory]
    [InlineData("", "Expecting to find valid JSON in request body")]
    [InlineData("[]", "Invalid input for field 'auth'")]
    [InlineData("{\"auth\": null}", "Invalid input for field 'auth'")]
    [InlineData("{\"auth\": {\"identity\": {\"methods\": \"password\"}}}", "Invalid input for field 'identity'")]
    [InlineData("{\"auth\": {\"identity\": {\"methods\": [\"password\"]}}}", "Invalid input for field 'identity/password'")]
    [InlineData("{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"password\": \"x\"}}}}}", "Invalid input for field 'identity/password/user'")]
    [InlineData("{\"auth\": {\"identity\": {\"methods\": [\"token\"], \"token\": {\"id\": 7}}}}", "Invalid input for field 'identity/token/id'")]
    [InlineData("{\"auth\": {\"identity\": {\"methods\": [\"token\"], \"token\": {\"id\": \"x\"}}, \"scope\": {\"project\": {\"name\": \"p\"}}}}", "Invalid input for field 'scope/project'")]
    [InlineData("{\"auth\": {\"identity\": {\"methods\": [\"token\"], \"token\": {\"id\": \"x\"}}, \"scope\": 5}}", "Invalid input for field 'scope'")]
    public async Task Bodies_that_are_not_keystones_shape_are_400_with_its_text(string body, string message)
    {
        using var response = await anonymous.PostAsync("/identity/v3/auth/tokens", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Contains(message, (string)(await ReadAsync(response, 400))["error"]!["message"]!);
    }

    [Fact]
    public async Task Malformed_bodies_are_keystones_400_and_issue_nothing()
    {
        var before = (await server.GetAsync($"/api/v1/tokens?principal_id={member.Id}")).AsArray().Count;

        using var notJson = await anonymous.PostAsync("/identity/v3/auth/tokens", new StringContent("{\"auth\": ", Encoding.UTF8, "application/json"));
        using var noMethods = await anonymous.PostAsJsonAsync("/identity/v3/auth/tokens", new { auth = new { identity = new { password = new { } } } });
        using var numberName = await anonymous.PostAsJsonAsync("/identity/v3/auth/tokens", new { auth = new { identity = new { methods = new[] { "password" }, password = new { user = new { name = 5, domain = new { id = "default" }, password = member.Token } } } } });
        using var noDomain = await SignInAsync(new { methods = new[] { "password" }, password = new { user = new { name = member.Name, password = member.Token } } }, scope: null);

        Assert.Contains("Expecting to find valid JSON in request body", (string)(await ReadAsync(notJson, 400))["error"]!["message"]!);
        Assert.Contains("Invalid input for field 'identity'", (string)(await ReadAsync(noMethods, 400))["error"]!["message"]!);
        Assert.Contains("Invalid input for field 'identity/password/user/name'", (string)(await ReadAsync(numberName, 400))["error"]!["message"]!);
        Assert.Contains("Invalid input for field 'identity/password/user'", (string)(await ReadAsync(noDomain, 400))["error"]!["message"]!);
        Assert.Equal(before, (await server.GetAsync($"/api/v1/tokens?principal_id={member.Id}")).AsArray().Count);
    }

    [Fact]
    public async Task Projects_and_domains_are_read_with_a_token_and_other_projects_do_not_exist()
    {
        var stranger = await server.NewProjectAsync();
        using var identity = NeutronClient(member.Token);

        var byName = JsonNode.Parse(await identity.GetStringAsync($"/identity/v3/projects?name={project.Name}&domain_id=default"))!;
        var all = JsonNode.Parse(await identity.GetStringAsync("/identity/v3/projects"))!;
        var domains = JsonNode.Parse(await identity.GetStringAsync("/identity/v3/domains?name=Default"))!;
        using var hidden = await identity.GetAsync($"/identity/v3/projects/{stranger.Id}");
        using var missingDomain = await identity.GetAsync("/identity/v3/domains/Default");
        using var noToken = await anonymous.GetAsync("/identity/v3/projects");

        Assert.Equal([project.Id], byName["projects"]!.AsArray().Select(p => (string)p!["id"]!));
        Assert.Equal([project.Id], all["projects"]!.AsArray().Select(p => (string)p!["id"]!));
        Assert.Equal("default", (string)domains["domains"]![0]!["id"]!);
        Assert.Equal($"Could not find project: {stranger.Id}.", (string)(await ReadAsync(hidden, 404))["error"]!["message"]!);
        Assert.Equal("Could not find domain: Default.", (string)(await ReadAsync(missingDomain, 404))["error"]!["message"]!);
        Assert.Equal(401, (int)(await ReadAsync(noToken, 401))["error"]!["code"]!);
    }

    [Fact]
    public async Task A_principal_revokes_its_own_tokens_not_anothers()
    {
        var other = await server.NewPrincipalAsync(project.Id, "member");
        using var signedIn = await SignInAsync(Password(member.Name, member.Token), ProjectById(project.Id));
        var subject = signedIn.Headers.GetValues("X-Subject-Token").Single();

        using var byOther = await RevokeAsync(other.Token, subject);
        using var byOwner = await RevokeAsync(member.Token, subject);
        using var again = await RevokeAsync(member.Token, subject);

        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, byOwner.StatusCode);
        Assert.Equal("Could not find token: the X-Subject-Token.", (string)(await ReadAsync(again, 404))["error"]!["message"]!);
    }

    private static object Password(string name, string password) =>
        new { methods = new[] { "password" }, password = new { user = new { name, domain = new { name = "Default" }, password } } };

    private static object UserById(string id, string password) =>
        new { methods = new[] { "password" }, password = new { user = new { id, password } } };

    private static object ProjectByName(string name) => new { project = new { name, domain = new { id = "default" } } };

    private static object ProjectById(string id) => new { project = new { id } };

    private async Task<HttpResponseMessage> SignInAsync(object identity, object? scope) =>
        await anonymous.PostAsJsonAsync("/identity/v3/auth/tokens", scope is null ? new { auth = (object)new { identity } } : new { auth = (object)new { identity, scope } });

    private async Task<HttpResponseMessage> RevokeAsync(string token, string subject)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/identity/v3/auth/tokens");
        request.Headers.Add("X-Auth-Token", token);
        request.Headers.Add("X-Subject-Token", subject);
        return await anonymous.SendAsync(request);
    }

    private HttpClient NeutronClient(string token)
    {
        var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        return client;
    }

    private async Task<HttpClient> NeutronClientAsync(object identity, object scope)
    {
        using var response = await SignInAsync(identity, scope);
        await ReadAsync(response, 201);
        return NeutronClient(response.Headers.GetValues("X-Subject-Token").Single());
    }

    private static IEnumerable<string> Endpoints(JsonNode token, string type) =>
        token["catalog"]!.AsArray().Single(s => (string)s!["type"]! == type)!["endpoints"]!.AsArray().Select(e => (string)e!["url"]!);

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}

public sealed class KeystoneHttpTestsOnSqlite(SqliteServerFixture server) : KeystoneHttpTests(server), IClassFixture<SqliteServerFixture>;

public sealed class KeystoneHttpTestsOnPostgres(PostgresServerFixture server) : KeystoneHttpTests(server), IClassFixture<PostgresServerFixture>;
