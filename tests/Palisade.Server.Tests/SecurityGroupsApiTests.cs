namespace Palisade.Server.Tests;

public abstract class SecurityGroupsApiTests(ServerFixture server)
{
    [Fact]
    public async Task A_new_group_allows_all_egress_and_no_ingress()
    {
        var project = await server.NewProjectAsync();
        var group = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web", description = "HTTP", status = "enabled" });

        Assert.Equal(["egress", "egress"], group["rules"]!.AsArray().Select(r => (string)r!["direction"]!));
        Assert.True((bool)group["stateful"]!);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("Default")]
    public async Task The_name_default_is_reserved(string name)
    {
        var project = await server.NewProjectAsync();
        var problem = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name }, 400);
        Assert.Contains("reserved", (string)problem["errors"]!["name"]![0]!);
    }

    [Fact]
    public async Task A_bad_status_is_refused_naming_the_field()
    {
        var project = await server.NewProjectAsync();
        var problem = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "x", status = "on" }, 400);
        Assert.NotNull(problem["errors"]!["status"]);
    }

    [Fact]
    public async Task A_group_for_an_unknown_project_is_404() =>
        await server.PostAsync("/api/v1/security-groups", new { project_id = "nope", name = "x" }, 404);

    [Fact]
    public async Task The_default_group_cannot_be_deleted()
    {
        var project = await server.NewProjectAsync();
        var problem = await server.SendAsync(HttpMethod.Delete, $"/api/v1/security-groups/{project.DefaultGroupId}", null, 409);
        Assert.Contains("default", (string)problem!["detail"]!);
    }

    [Fact]
    public async Task The_default_group_cannot_be_renamed_but_its_description_can_change()
    {
        var project = await server.NewProjectAsync();
        await server.SendAsync(HttpMethod.Patch, $"/api/v1/security-groups/{project.DefaultGroupId}", new { name = "other" }, 409);
        await server.SendAsync(HttpMethod.Patch, $"/api/v1/security-groups/{project.DefaultGroupId}", new { name = new string('x', 256) }, 400);
        var updated = await server.SendAsync(HttpMethod.Patch, $"/api/v1/security-groups/{project.DefaultGroupId}", new { description = "edited" }, 200);
        Assert.Equal("edited", (string)updated!["description"]!);
    }

    [Fact]
    public async Task A_group_bound_to_a_port_cannot_be_deleted_and_the_error_names_the_port()
    {
        var project = await server.NewProjectAsync();
        var group = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" });
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, fixed_ips = Array.Empty<object>(), security_groups = new[] { (string)group["id"]! } });

        var problem = await server.SendAsync(HttpMethod.Delete, $"/api/v1/security-groups/{group["id"]}", null, 409);

        Assert.Contains((string)port["id"]!, (string)problem!["detail"]!);
        await server.GetAsync($"/api/v1/security-groups/{group["id"]}");
    }

    [Fact]
    public async Task Updating_a_group_raises_its_revision()
    {
        var project = await server.NewProjectAsync();
        var group = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" });
        var updated = await server.SendAsync(HttpMethod.Patch, $"/api/v1/security-groups/{group["id"]}", new { name = "www", status = "disabled" }, 200);

        Assert.Equal("www", (string)updated!["name"]!);
        Assert.Equal("disabled", (string)updated["status"]!);
        Assert.True((long)updated["revision_number"]! > (long)group["revision_number"]!);
    }

    [Fact]
    public async Task Groups_are_listed_by_project()
    {
        var first = await server.NewProjectAsync();
        var second = await server.NewProjectAsync();
        await server.PostAsync("/api/v1/security-groups", new { project_id = first.Id, name = "only-here" });

        var list = (await server.GetAsync($"/api/v1/security-groups?project_id={second.Id}")).AsArray();

        Assert.DoesNotContain(list, g => (string)g!["name"]! == "only-here");
    }
}

public sealed class SecurityGroupsApiTestsOnSqlite(SqliteServerFixture server) : SecurityGroupsApiTests(server), IClassFixture<SqliteServerFixture>;

public sealed class SecurityGroupsApiTestsOnPostgres(PostgresServerFixture server) : SecurityGroupsApiTests(server), IClassFixture<PostgresServerFixture>;
