using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

/// <summary>PUT /api/v1/security-groups/{group}/rules/{rule}: a rule's fields replaced in one write, with the checks of adding one.</summary>
public abstract class RuleUpdateTests(ServerFixture server)
{
    private static readonly object Https = new { direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443, remote_ip_prefix = "203.0.113.0/24" };

    private async Task<(string Group, string Rule)> NewRuleAsync(TestProject? project = null)
    {
        project ??= await server.NewProjectAsync();
        var group = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "web" }))["id"]!;
        var rule = (string)(await server.PostAsync($"/api/v1/security-groups/{group}/rules", Https))[0]!["id"]!;
        return (group, rule);
    }

    private Task<JsonNode?> PutAsync(string group, string rule, object body, int expectedStatus, HttpClient? caller = null) =>
        server.SendAsync(HttpMethod.Put, $"/api/v1/security-groups/{group}/rules/{rule}", body, expectedStatus, caller);

    [Fact]
    public async Task A_rule_is_replaced_in_one_revision_and_keeps_its_id()
    {
        var (group, rule) = await NewRuleAsync();
        var before = await server.RevisionAsync();

        var updated = (await PutAsync(group, rule, new { direction = "ingress", protocol = "udp", port_range_min = 53, port_range_max = 53, remote_ip_prefix = "10.0.0.9/8", description = "dns" }, 200))!;

        Assert.Equal(rule, (string)updated["id"]!);
        Assert.Equal(before + 1, await server.RevisionAsync());
        var read = await server.GetAsync($"/api/v1/security-groups/{group}/rules/{rule}");
        Assert.Equal("udp", (string)read["protocol"]!);
        Assert.Equal(53, (int)read["port_range_min"]!);
        Assert.Equal("10.0.0.0/8", (string)read["remote_ip_prefix"]!);
        Assert.Equal("dns", (string)read["description"]!);
        Assert.Equal(before + 1, (long)read["revision_number"]!);
        Assert.Equal(3, (await server.GetAsync($"/api/v1/security-groups/{group}/rules")).AsArray().Count);
    }

    [Fact]
    public async Task An_edit_that_only_changes_the_description_is_not_a_duplicate_of_itself()
    {
        var (group, rule) = await NewRuleAsync();

        var updated = (await PutAsync(group, rule, new { direction = "ingress", protocol = "6", port_range_min = 443, port_range_max = 443, remote_ip_prefix = "203.0.113.0/24", description = "https" }, 200))!;

        Assert.Equal("https", (string)updated["description"]!);
        Assert.Equal("6", (string)updated["protocol_number"]!);
    }

    [Fact]
    public async Task An_edit_that_makes_the_rule_equal_to_another_is_refused_naming_the_other_and_changes_nothing()
    {
        var (group, rule) = await NewRuleAsync();
        var ssh = (string)(await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22 }))[0]!["id"]!;
        var before = await server.RevisionAsync();

        var problem = (await PutAsync(group, rule, new { direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22, remote_ip_prefix = "0.0.0.0/0" }, 409))!;

        Assert.Contains(ssh, (string)problem["detail"]!);
        Assert.Equal(before, await server.RevisionAsync());
        Assert.Equal(443, (int)(await server.GetAsync($"/api/v1/security-groups/{group}/rules/{rule}"))["port_range_min"]!);
    }

    [Theory]
    [InlineData("direction", "sideways", "tcp", 80, 80, null)]
    [InlineData("protocol", "ingress", "tcpx", null, null, null)]
    [InlineData("port_range_min", "ingress", "tcp", 90, 80, null)]
    [InlineData("remote_ip_prefix", "ingress", "tcp", 80, 80, "192.168.1./24")]
    public async Task An_invalid_edit_is_refused_naming_the_field_and_changes_nothing(string field, string direction, string protocol, int? min, int? max, string? prefix)
    {
        var (group, rule) = await NewRuleAsync();
        var before = await server.RevisionAsync();

        var problem = (await PutAsync(group, rule, new { direction, protocol, port_range_min = min, port_range_max = max, remote_ip_prefix = prefix }, 400))!;

        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(before, await server.RevisionAsync());
        Assert.Equal("tcp", (string)(await server.GetAsync($"/api/v1/security-groups/{group}/rules/{rule}"))["protocol"]!);
    }

    [Fact]
    public async Task A_body_that_is_not_a_rule_object_is_refused_with_400()
    {
        var (group, rule) = await NewRuleAsync();
        using var response = await server.Client.PutAsync($"/api/v1/security-groups/{group}/rules/{rule}", JsonContent.Create(new[] { 1, 2 }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_rule_is_404() =>
        await PutAsync((await NewRuleAsync()).Group, "no-such-rule", Https, 404);

    [Fact]
    public async Task A_remote_group_of_another_project_does_not_exist()
    {
        var (group, rule) = await NewRuleAsync();
        var other = await server.NewProjectAsync();

        var problem = (await PutAsync(group, rule, new { direction = "ingress", remote_group_id = other.DefaultGroupId }, 404))!;

        Assert.NotNull(problem["errors"]!["remote_group_id"]);
    }

    [Fact]
    public async Task An_edit_in_a_group_at_its_rule_quota_is_allowed_because_it_adds_no_rule()
    {
        var project = await server.NewProjectAsync();
        var (group, rule) = await NewRuleAsync(project);
        await server.SendAsync(HttpMethod.Put, $"/api/v1/quotas/{project.Id}", new { rules_per_group = 3 }, 200);
        await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 80, port_range_max = 80 }, 409);

        await PutAsync(group, rule, new { direction = "ingress", protocol = "tcp", port_range_min = 8443, port_range_max = 8443 }, 200);
    }

    [Fact]
    public async Task A_reader_is_refused_with_403_and_the_rule_stays()
    {
        var project = await server.NewProjectAsync();
        var (group, rule) = await NewRuleAsync(project);
        using var reader = await server.ClientForAsync(project.Id, "reader");

        await PutAsync(group, rule, new { direction = "ingress", protocol = "udp" }, 403, reader);

        Assert.Equal("tcp", (string)(await server.GetAsync($"/api/v1/security-groups/{group}/rules/{rule}"))["protocol"]!);
    }

    [Theory]
    [InlineData("400")]
    [InlineData("403")]
    [InlineData("404")]
    [InlineData("409")]
    [InlineData("412")]
    public async Task The_openapi_document_declares_each_refusal(string status)
    {
        var document = JsonNode.Parse(await server.Client.GetStringAsync("/openapi/v1.json"))!;

        Assert.NotNull(document["paths"]!["/api/v1/security-groups/{groupId}/rules/{ruleId}"]!["put"]!["responses"]![status]);
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_with_412()
    {
        var (group, rule) = await NewRuleAsync();
        var revision = (long)(await server.GetAsync($"/api/v1/security-groups/{group}"))["revision_number"]!;
        await server.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22 });
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/security-groups/{group}/rules/{rule}") { Content = JsonContent.Create(new { direction = "egress" }) };
        request.Headers.TryAddWithoutValidation("If-Match", $"revision_number={revision}");

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
    }
}

public sealed class RuleUpdateTestsOnSqlite(SqliteServerFixture server) : RuleUpdateTests(server), IClassFixture<SqliteServerFixture>;

public sealed class RuleUpdateTestsOnPostgres(PostgresServerFixture server) : RuleUpdateTests(server), IClassFixture<PostgresServerFixture>;
