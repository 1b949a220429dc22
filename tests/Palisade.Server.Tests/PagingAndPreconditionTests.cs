using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

public abstract class PagingAndPreconditionTests(ServerFixture server)
{
    [Fact]
    public async Task Lists_page_by_limit_and_cursor_with_a_next_link()
    {
        var project = await server.NewProjectAsync();
        for (var i = 0; i < 4; i++)
        {
            await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = $"g{i}" });
        }

        var seen = new List<string>();
        string? next = $"/api/v1/security-groups?project_id={project.Id}&limit=2";
        var pages = 0;
        while (next is not null && pages++ < 10)
        {
            using var response = await server.Client.GetAsync(next);
            seen.AddRange((await response.Content.ReadFromJsonAsync<JsonArray>())!.Select(g => (string)g!["name"]!));
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('>')[0].TrimStart('<') : null;
        }

        Assert.Equal(3, pages);
        Assert.Equal(["default", "g0", "g1", "g2", "g3"], seen.Order());
    }

    [Theory]
    [InlineData("name", new[] { "alpha", "bravo", "charlie", "default", "delta" })]
    [InlineData("-name", new[] { "delta", "default", "charlie", "bravo", "alpha" })]
    public async Task Lists_sort_by_a_key_across_pages(string sort, string[] expected)
    {
        var project = await server.NewProjectAsync();
        foreach (var name in new[] { "delta", "alpha", "charlie", "bravo" })
        {
            await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name });
        }

        var seen = new List<string>();
        string? next = $"/api/v1/security-groups?project_id={project.Id}&sort={sort}&limit=2";
        for (var pages = 0; next is not null && pages < 10; pages++)
        {
            using var response = await server.Client.GetAsync(next);
            seen.AddRange((await response.Content.ReadFromJsonAsync<JsonArray>())!.Select(g => (string)g!["name"]!));
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('>')[0].TrimStart('<') : null;
        }

        Assert.Equal(expected, seen);
    }

    [Theory]
    [InlineData("sort=colour", "sort")]
    [InlineData("sort=name&cursor=not-a-cursor!", "cursor")]
    public async Task A_bad_sort_or_cursor_is_refused_naming_it(string query, string field)
    {
        var problem = await server.GetAsync($"/api/v1/security-groups?{query}", 400);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_changes_nothing()
    {
        var project = await server.NewProjectAsync();
        var group = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" });
        var id = (string)group["id"]!;
        var revision = (long)group["revision_number"]!;
        await server.SendAsync(HttpMethod.Patch, $"/api/v1/security-groups/{id}", new { description = "first" }, 200);

        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/security-groups/{id}") { Content = JsonContent.Create(new { description = "second" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", $"revision_number={revision}");
        using var response = await server.Client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("first", (string)(await server.GetAsync($"/api/v1/security-groups/{id}"))["description"]!);
    }

    [Fact]
    public async Task A_current_if_match_is_accepted()
    {
        var project = await server.NewProjectAsync();
        var group = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" });

        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/security-groups/{group["id"]}");
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{group["revision_number"]}\"");
        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task A_malformed_if_match_is_400()
    {
        var project = await server.NewProjectAsync();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/security-groups/{project.DefaultGroupId}") { Content = JsonContent.Create(new { description = "x" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "yesterday");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=abc")]
    public async Task A_bad_limit_is_400(string query) =>
        await server.GetAsync($"/api/v1/projects?{query}", 400);
}

public sealed class PagingAndPreconditionTestsOnSqlite(SqliteServerFixture server) : PagingAndPreconditionTests(server), IClassFixture<SqliteServerFixture>;

public sealed class PagingAndPreconditionTestsOnPostgres(PostgresServerFixture server) : PagingAndPreconditionTests(server), IClassFixture<PostgresServerFixture>;
