namespace Palisade.Server.Tests;

/// <summary>Per-project limits with defaults and admin overrides; going over is a 409 naming the quota.</summary>
public abstract class QuotasTests(ServerFixture server)
{
    [Fact]
    public async Task Every_project_starts_with_the_default_quota()
    {
        var project = await server.NewProjectAsync();
        using var reader = await server.ClientForAsync(project.Id, "reader");

        var quota = await server.GetAsync($"/api/v1/quotas/{project.Id}", caller: reader);

        Assert.Equal((10, 100, 5), ((int)quota["security_groups"]!, (int)quota["rules_per_group"]!, (int)quota["groups_per_port"]!));
    }

    [Fact]
    public async Task The_group_quota_counts_the_default_group_and_refuses_one_more()
    {
        var project = await server.NewProjectAsync();
        await server.SendAsync(HttpMethod.Put, $"/api/v1/quotas/{project.Id}", new { security_groups = 2 }, 200);

        await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "one" });
        var problem = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "two" }, 409);

        Assert.Contains("security_groups", (string)problem["detail"]!);
        Assert.Equal(2, (await server.GetAsync($"/api/v1/security-groups?project_id={project.Id}")).AsArray().Count);
    }

    [Fact]
    public async Task The_rule_quota_refuses_a_whole_batch_that_would_pass_it()
    {
        var project = await server.NewProjectAsync();
        await server.SendAsync(HttpMethod.Put, $"/api/v1/quotas/{project.Id}", new { rules_per_group = 5 }, 200);
        var rule = (int port) => new { direction = "ingress", protocol = "tcp", port_range_min = port, port_range_max = port };

        await server.PostAsync($"/api/v1/security-groups/{project.DefaultGroupId}/rules", rule(22));
        var problem = await server.PostAsync($"/api/v1/security-groups/{project.DefaultGroupId}/rules", new { rules = new[] { rule(80), rule(443) } }, 409);

        Assert.Contains("rules_per_group", (string)problem["detail"]!);
        Assert.Equal(5, (await server.GetAsync($"/api/v1/security-groups/{project.DefaultGroupId}/rules")).AsArray().Count);
    }

    [Fact]
    public async Task The_groups_per_port_quota_holds_for_creates_and_binds_and_minus_one_lifts_it()
    {
        var project = await server.NewProjectAsync();
        var second = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "second" });
        string[] both = [project.DefaultGroupId, (string)second["id"]!];
        await server.SendAsync(HttpMethod.Put, $"/api/v1/quotas/{project.Id}", new { groups_per_port = 1 }, 200);

        await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, security_groups = both }, 409);
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId });
        await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{port["id"]}/security-groups", new { security_groups = both }, 409);
        await server.SendAsync(HttpMethod.Put, $"/api/v1/quotas/{project.Id}", new { groups_per_port = -1 }, 200);
        await server.SendAsync(HttpMethod.Put, $"/api/v1/ports/{port["id"]}/security-groups", new { security_groups = both }, 200);
    }

    [Theory]
    [InlineData("security_groups", -2)]
    [InlineData("rules_per_group", -5)]
    [InlineData("groups_per_port", -100)]
    public async Task A_limit_below_minus_one_is_refused_naming_the_field(string field, int value)
    {
        var project = await server.NewProjectAsync();
        var before = await server.RevisionAsync();

        var problem = await server.SendAsync(HttpMethod.Put, $"/api/v1/quotas/{project.Id}", new Dictionary<string, int> { [field] = value }, 400);

        Assert.NotNull(problem!["errors"]![field]);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task A_quota_of_an_unknown_project_is_404()
    {
        await server.GetAsync("/api/v1/quotas/nowhere", 404);
        await server.SendAsync(HttpMethod.Put, "/api/v1/quotas/nowhere", new { security_groups = 3 }, 404);
    }
}

public sealed class QuotasTestsOnSqlite(SqliteServerFixture server) : QuotasTests(server), IClassFixture<SqliteServerFixture>;

public sealed class QuotasTestsOnPostgres(PostgresServerFixture server) : QuotasTests(server), IClassFixture<PostgresServerFixture>;
