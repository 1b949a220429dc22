using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

public abstract class ProjectsApiTests(ServerFixture server)
{
    [Fact]
    public async Task A_new_project_gets_a_default_group_with_the_four_default_rules()
    {
        var project = await server.NewProjectAsync();

        var group = await server.GetAsync($"/api/v1/security-groups/{project.DefaultGroupId}");
        var rules = group["rules"]!.AsArray().Select(r => $"{r!["direction"]} {r["ethertype"]} {(r["remote_group_id"] is null ? "any" : (string)r["remote_group_id"]! == project.DefaultGroupId ? "self" : "other")}").Order();

        Assert.Equal("default", (string)group["name"]!);
        Assert.Equal(["egress IPv4 any", "egress IPv6 any", "ingress IPv4 self", "ingress IPv6 self"], rules);
    }

    [Theory]
    [InlineData("", "name")]
    [InlineData(null, "name")]
    public async Task A_project_needs_a_name(string? name, string field)
    {
        var problem = await server.PostAsync("/api/v1/projects", new { name }, 400);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Groups_managed_by_must_be_project_or_platform()
    {
        var problem = await server.PostAsync("/api/v1/projects", new { name = "x", groups_managed_by = "tenant" }, 400);
        Assert.NotNull(problem["errors"]!["groups_managed_by"]);
    }

    [Fact]
    public async Task A_project_with_groups_cannot_be_deleted_until_they_are_gone()
    {
        var project = await server.NewProjectAsync();
        var group = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" });

        var problem = await server.SendAsync(HttpMethod.Delete, $"/api/v1/projects/{project.Id}", null, 409);
        Assert.Contains((string)group["id"]!, (string)problem!["detail"]!);

        await server.SendAsync(HttpMethod.Delete, $"/api/v1/security-groups/{group["id"]}", null, 204);
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/projects/{project.Id}", null, 204);
        await server.GetAsync($"/api/v1/projects/{project.Id}", 404);
        Assert.Empty((await server.GetAsync($"/api/v1/security-groups?project_id={project.Id}")).AsArray());
    }

    [Fact]
    public async Task An_unknown_project_is_404() =>
        await server.GetAsync("/api/v1/projects/nope", 404);

    [Fact]
    public async Task Projects_are_listed()
    {
        var project = await server.NewProjectAsync();
        var list = (await server.GetAsync("/api/v1/projects")).AsArray();
        Assert.Contains(list, p => (string)p!["id"]! == project.Id);
    }
}

public sealed class ProjectsApiTestsOnSqlite(SqliteServerFixture server) : ProjectsApiTests(server), IClassFixture<SqliteServerFixture>;

public sealed class ProjectsApiTestsOnPostgres(PostgresServerFixture server) : ProjectsApiTests(server), IClassFixture<PostgresServerFixture>;
