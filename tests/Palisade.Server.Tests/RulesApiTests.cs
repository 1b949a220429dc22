using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

public abstract class RulesApiTests(ServerFixture server)
{
    private async Task<string> NewGroupAsync(TestProject project) =>
        (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" }))["id"]!;

    [Fact]
    public async Task A_rule_is_added_listed_read_and_deleted()
    {
        var group = await NewGroupAsync(await server.NewProjectAsync());

        var added = await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443, remote_ip_prefix = "203.0.113.7/24" });
        var id = (string)added[0]!["id"]!;

        Assert.Equal("203.0.113.0/24", (string)added[0]!["remote_ip_prefix"]!);
        Assert.Equal(id, (string)(await server.GetAsync($"/api/v1/security-groups/{group}/rules/{id}"))["id"]!);
        Assert.Single((await server.GetAsync($"/api/v1/security-groups/{group}/rules?direction=ingress")).AsArray());
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/security-groups/{group}/rules/{id}", null, 204);
        await server.GetAsync($"/api/v1/security-groups/{group}/rules/{id}", 404);
    }

    [Fact]
    public async Task A_duplicate_rule_is_refused_with_409_naming_the_existing_rule()
    {
        var group = await NewGroupAsync(await server.NewProjectAsync());
        var first = await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22 });

        var problem = await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", protocol = "6", port_range_min = 22, port_range_max = 22, description = "again" }, 409);

        Assert.Contains((string)first[0]!["id"]!, (string)problem["detail"]!);
    }

    [Fact]
    public async Task The_auto_created_egress_rule_makes_egress_to_anywhere_a_duplicate() =>
        await server.PostAsync($"/api/v1/security-groups/{await NewGroupAsync(await server.NewProjectAsync())}/rules", new { direction = "egress", ethertype = "IPv6", remote_ip_prefix = "::/0" }, 409);

    [Theory]
    [InlineData("direction", "sideways", null, null, null)]
    [InlineData("protocol", "ingress", "tcpx", null, null)]
    [InlineData("port_range_min", "ingress", "tcp", 90, 80)]
    [InlineData("port_range_min", "ingress", "gre", 1, 1)]
    [InlineData("remote_ip_prefix", "ingress", "tcp", null, null)]
    public async Task An_invalid_rule_is_refused_naming_the_field(string field, string direction, string? protocol, int? min, int? max)
    {
        var group = await NewGroupAsync(await server.NewProjectAsync());
        var before = await server.RevisionAsync();
        object body = field == "remote_ip_prefix"
            ? new { direction, protocol, remote_ip_prefix = "192.168.1./24" }
            : new { direction, protocol, port_range_min = min, port_range_max = max };

        var problem = await server.PostAsync($"/api/v1/security-groups/{group}/rules", body, 400);

        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task A_batch_is_all_or_nothing()
    {
        var group = await NewGroupAsync(await server.NewProjectAsync());
        var problem = await server.PostAsync($"/api/v1/security-groups/{group}/rules", new
        {
            rules = new object[]
            {
                new { direction = "ingress", protocol = "tcp", port_range_min = 80, port_range_max = 80 },
                new { direction = "ingress", protocol = "udp", port_range_min = 0, port_range_max = 53 },
            },
        }, 400);

        Assert.NotNull(problem["errors"]!["rules[1].port_range_min"]);
        Assert.Equal(2, (await server.GetAsync($"/api/v1/security-groups/{group}/rules")).AsArray().Count);
    }

    [Fact]
    public async Task A_batch_adds_every_rule_in_one_revision()
    {
        var group = await NewGroupAsync(await server.NewProjectAsync());
        var added = await server.PostAsync($"/api/v1/security-groups/{group}/rules", new
        {
            rules = new object[]
            {
                new { direction = "ingress", protocol = "tcp", port_range_min = 80, port_range_max = 80 },
                new { direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443 },
            },
        });

        Assert.Equal(2, added.AsArray().Count);
        Assert.Equal((long)added[0]!["revision_number"]!, (long)added[1]!["revision_number"]!);
    }

    [Fact]
    public async Task Two_equal_rules_in_one_batch_are_refused()
    {
        var group = await NewGroupAsync(await server.NewProjectAsync());
        var rule = new { direction = "ingress", protocol = "tcp", port_range_min = 80, port_range_max = 80 };
        await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { rules = new[] { rule, rule } }, 409);
    }

    [Fact]
    public async Task A_remote_group_of_another_project_does_not_exist()
    {
        var group = await NewGroupAsync(await server.NewProjectAsync());
        var other = await server.NewProjectAsync();

        var problem = await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", remote_group_id = other.DefaultGroupId }, 404);

        Assert.NotNull(problem["errors"]!["remote_group_id"]);
    }

    [Fact]
    public async Task Rules_of_an_unknown_group_are_404() =>
        await server.PostAsync("/api/v1/security-groups/nope/rules", new { direction = "ingress" }, 404);

    [Fact]
    public async Task Fifty_concurrent_writers_lose_no_rule_and_make_no_duplicate()
    {
        var group = await NewGroupAsync(await server.NewProjectAsync());

        var writes = Enumerable.Range(1, 50).Select(i => server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 1000 + i, port_range_max = 1000 + i }));
        var results = await Task.WhenAll(writes);

        var rules = (await server.GetAsync($"/api/v1/security-groups/{group}/rules?direction=ingress")).AsArray();
        Assert.Equal(50, rules.Count);
        Assert.Equal(50, rules.Select(r => (int)r!["port_range_min"]!).Distinct().Count());
        var revisions = results.Select(r => (long)r[0]!["revision_number"]!).Order().ToList();
        Assert.Equal(revisions.Distinct().Count(), revisions.Count);
    }
}

public sealed class RulesApiTestsOnSqlite(SqliteServerFixture server) : RulesApiTests(server), IClassFixture<SqliteServerFixture>;

public sealed class RulesApiTestsOnPostgres(PostgresServerFixture server) : RulesApiTests(server), IClassFixture<PostgresServerFixture>;
