namespace Palisade.Server.Tests;

/// <summary>What each project role may change, and projects whose groups the platform manages.</summary>
public abstract class RolesTests(ServerFixture server)
{
    [Fact]
    public async Task A_reader_reads_everything_and_changes_nothing()
    {
        var project = await server.NewProjectAsync();
        using var reader = await server.ClientForAsync(project.Id, "reader");
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId });
        var rules = await server.GetAsync($"/api/v1/security-groups/{project.DefaultGroupId}/rules", caller: reader);
        var before = await server.RevisionAsync();

        await server.GetAsync($"/api/v1/security-groups/{project.DefaultGroupId}", caller: reader);
        await server.GetAsync($"/api/v1/ports/{port["id"]}", caller: reader);
        await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "x" }, 403, reader);
        await server.PostAsync($"/api/v1/security-groups/{project.DefaultGroupId}/rules", new { direction = "ingress", protocol = "tcp" }, 403, reader);
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/security-groups/{project.DefaultGroupId}/rules/{rules[0]!["id"]}", null, 403, reader);
        await server.SendAsync(HttpMethod.Patch, $"/api/v1/security-groups/{project.DefaultGroupId}", new { description = "mine" }, 403, reader);
        await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId }, 403, reader);
        await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{port["id"]}/security-groups", new { security_groups = Array.Empty<string>() }, 403, reader);
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/ports/{port["id"]}", null, 403, reader);
        await server.PostAsync("/api/v1/networks", new { project_id = project.Id }, 403, reader);

        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task A_member_changes_groups_rules_ports_and_bindings_but_not_the_platform()
    {
        var project = await server.NewProjectAsync();
        using var member = await server.ClientForAsync(project.Id, "member");

        var group = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" }, caller: member);
        await server.PostAsync($"/api/v1/security-groups/{group["id"]}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 80, port_range_max = 80 }, caller: member);
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, instance_id = "vm-1" }, caller: member);
        await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{port["id"]}/security-groups", new { security_groups = new[] { (string)group["id"]! } }, 200, member);
        await server.PostAsync("/api/v1/bindings", new { group_id = (string)group["id"]!, scope = "instance", target_id = "vm-1" }, caller: member);

        await server.PostAsync("/api/v1/bindings", new { group_id = (string)group["id"]!, scope = "global", phase = "running" }, 403, member);
        await server.PostAsync("/api/v1/platform-policies", new { name = "mine" }, 403, member);
        await server.SendAsync(HttpMethod.Put, $"/api/v1/quotas/{project.Id}", new { security_groups = 100 }, 403, member);
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/projects/{project.Id}", null, 403, member);
    }

    [Fact]
    public async Task In_a_project_whose_groups_the_platform_manages_project_roles_only_read_groups()
    {
        var space = await server.NewProjectAsync(groupsManagedBy: "platform");
        using var developer = await server.ClientForAsync(space.Id, "admin");
        var group = await server.PostAsync("/api/v1/security-groups", new { project_id = space.Id, name = "running-asg" });
        var port = await server.PostAsync("/api/v1/ports", new { project_id = space.Id, network_id = space.NetworkId, phase = "running" }, caller: developer);
        var before = await server.RevisionAsync();

        var listed = await server.GetAsync($"/api/v1/security-groups?project_id={space.Id}", caller: developer);
        await server.PostAsync("/api/v1/security-groups", new { project_id = space.Id, name = "mine" }, 403, developer);
        await server.PostAsync($"/api/v1/security-groups/{group["id"]}/rules", new { direction = "egress", protocol = "tcp" }, 403, developer);
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/security-groups/{group["id"]}", null, 403, developer);
        await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{port["id"]}/security-groups", new { security_groups = new[] { (string)group["id"]! } }, 403, developer);
        await server.PostAsync("/api/v1/bindings", new { group_id = (string)group["id"]!, scope = "project", target_id = space.Id, phase = "running" }, 403, developer);

        Assert.Contains(listed.AsArray(), g => (string)g!["id"]! == (string)group["id"]!);
        Assert.Equal(before, await server.RevisionAsync());
        await server.PostAsync("/api/v1/bindings", new { group_id = (string)group["id"]!, scope = "project", target_id = space.Id, phase = "running" });
    }
}

public sealed class RolesTestsOnSqlite(SqliteServerFixture server) : RolesTests(server), IClassFixture<SqliteServerFixture>;

public sealed class RolesTestsOnPostgres(PostgresServerFixture server) : RolesTests(server), IClassFixture<PostgresServerFixture>;
