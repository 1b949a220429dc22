namespace Palisade.Server.Tests;

public abstract class AuditEventsApiTests(ServerFixture server)
{
    [Fact]
    public async Task Every_change_is_recorded_with_actor_before_and_after()
    {
        var project = await server.NewProjectAsync();
        var group = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" }))["id"]!;
        await server.SendAsync(HttpMethod.Patch, $"/api/v1/security-groups/{group}", new { description = "after" }, 200);
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/security-groups/{group}", null, 204);

        var events = (await server.GetAsync($"/api/v1/audit-events?resource_id={group}"))["events"]!.AsArray();

        Assert.Equal(["security_group.delete", "security_group.update", "security_group.create"], events.Select(e => (string)e!["action"]!));
        Assert.All(events, e => Assert.Equal("admin", (string)e!["actor"]!));
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty((string?)e!["request_id"])));
        Assert.Equal("", (string)events[1]!["before"]!["description"]!);
        Assert.Equal("after", (string)events[1]!["after"]!["description"]!);
        Assert.Null(events[0]!["after"]);
    }

    [Fact]
    public async Task A_refused_request_leaves_no_event()
    {
        var project = await server.NewProjectAsync();
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/security-groups/{project.DefaultGroupId}", null, 409);

        var events = (await server.GetAsync($"/api/v1/audit-events?resource_id={project.DefaultGroupId}"))["events"]!.AsArray();

        Assert.Equal(["security_group.create"], events.Select(e => (string)e!["action"]!));
    }

    [Fact]
    public async Task Events_page_with_a_cursor_newest_first()
    {
        var project = await server.NewProjectAsync();
        for (var i = 0; i < 5; i++)
        {
            await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = $"g{i}" });
        }

        var first = await server.GetAsync($"/api/v1/audit-events?project_id={project.Id}&resource_kind=security_group&limit=3");
        var second = await server.GetAsync($"/api/v1/audit-events?project_id={project.Id}&resource_kind=security_group&limit=3&cursor={first["next_cursor"]}");

        var names = first["events"]!.AsArray().Concat(second["events"]!.AsArray()).Select(e => (string)e!["after"]!["name"]!).ToList();
        Assert.Equal(["g4", "g3", "g2", "g1", "g0", "default"], names);
        Assert.Null(second["next_cursor"]);
    }

    [Fact]
    public async Task Events_sort_oldest_first_on_request_across_pages()
    {
        var project = await server.NewProjectAsync();
        for (var i = 0; i < 3; i++)
        {
            await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = $"g{i}" });
        }

        var first = await server.GetAsync($"/api/v1/audit-events?project_id={project.Id}&resource_kind=security_group&sort=at&limit=2");
        var second = await server.GetAsync($"/api/v1/audit-events?project_id={project.Id}&resource_kind=security_group&sort=at&limit=2&cursor={first["next_cursor"]}");

        var names = first["events"]!.AsArray().Concat(second["events"]!.AsArray()).Select(e => (string)e!["after"]!["name"]!).ToList();
        Assert.Equal(["default", "g0", "g1", "g2"], names);
    }

    [Fact]
    public async Task A_tenant_with_roles_in_two_projects_sees_the_events_of_both_and_of_no_other()
    {
        var (first, second, other) = (await server.NewProjectAsync(), await server.NewProjectAsync(), await server.NewProjectAsync());
        var tenant = await server.NewPrincipalAsync(first.Id, "reader");
        await server.PostAsync("/api/v1/role-bindings", new { principal_id = tenant.Id, role = "reader", project_id = second.Id });
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tenant.Token);

        var events = (await server.GetAsync("/api/v1/audit-events?resource_kind=security_group&limit=1000", caller: client))["events"]!.AsArray();

        Assert.Equal(
            new[] { first.DefaultGroupId, second.DefaultGroupId }.Order(StringComparer.Ordinal),
            events.Select(e => (string)e!["resource_id"]!).Where(id => id == first.DefaultGroupId || id == second.DefaultGroupId || id == other.DefaultGroupId).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=5000")]
    public async Task A_bad_limit_is_refused(string query) =>
        Assert.NotNull((await server.GetAsync($"/api/v1/audit-events?{query}", 400))["errors"]!["limit"]);
}

public sealed class AuditEventsApiTestsOnSqlite(SqliteServerFixture server) : AuditEventsApiTests(server), IClassFixture<SqliteServerFixture>;

public sealed class AuditEventsApiTestsOnPostgres(PostgresServerFixture server) : AuditEventsApiTests(server), IClassFixture<PostgresServerFixture>;
