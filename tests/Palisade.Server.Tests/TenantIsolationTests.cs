using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

/// <summary>
/// Another project's resources do not exist for a tenant: every endpoint given another project's
/// ids answers 404 (never 403) and changes nothing, and no list shows them.
/// </summary>
public abstract class TenantIsolationTests(ServerFixture server) : IAsyncLifetime
{
    private TestProject own = null!;
    private TestProject other = null!;
    private HttpClient tenant = null!;
    private readonly Dictionary<string, string> ids = [];

    public async Task InitializeAsync()
    {
        own = await server.NewProjectAsync();
        other = await server.NewProjectAsync();
        tenant = await server.ClientForAsync(own.Id, "admin");

        var group = await server.PostAsync("/api/v1/security-groups", new { project_id = other.Id, name = "theirs" });
        var rule = await server.PostAsync($"/api/v1/security-groups/{group["id"]}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22 });
        var port = await server.PostAsync("/api/v1/ports", new { project_id = other.Id, network_id = other.NetworkId, instance_id = "vm-theirs", fixed_ips = new[] { new { subnet_id = other.SubnetId, ip_address = other.Address(5) } } });
        var binding = await server.PostAsync("/api/v1/bindings", new { group_id = (string)group["id"]!, scope = "instance", target_id = "vm-theirs" });
        var ownPort = await server.PostAsync("/api/v1/ports", new { project_id = own.Id, network_id = own.NetworkId });
        ids["project"] = other.Id;
        ids["group"] = (string)group["id"]!;
        ids["rule"] = (string)rule[0]!["id"]!;
        ids["port"] = (string)port["id"]!;
        ids["binding"] = (string)binding["id"]!;
        ids["network"] = other.NetworkId;
        ids["subnet"] = other.SubnetId;
        ids["own_port"] = (string)ownPort["id"]!;
    }

    public Task DisposeAsync()
    {
        tenant.Dispose();
        return Task.CompletedTask;
    }

    public static TheoryData<string, string, string> Endpoints => new()
    {
        { "GET", "/api/v1/projects/{project}", "" },
        { "DELETE", "/api/v1/projects/{project}", "" },
        { "GET", "/api/v1/quotas/{project}", "" },
        { "PUT", "/api/v1/quotas/{project}", "{\"security_groups\": 50}" },
        { "POST", "/api/v1/security-groups", "{\"project_id\": \"{project}\", \"name\": \"x\"}" },
        { "GET", "/api/v1/security-groups/{group}", "" },
        { "PATCH", "/api/v1/security-groups/{group}", "{\"name\": \"mine-now\"}" },
        { "DELETE", "/api/v1/security-groups/{group}", "" },
        { "GET", "/api/v1/security-groups/{group}/rules", "" },
        { "POST", "/api/v1/security-groups/{group}/rules", "{\"direction\": \"ingress\", \"protocol\": \"udp\"}" },
        { "GET", "/api/v1/security-groups/{group}/rules/{rule}", "" },
        { "DELETE", "/api/v1/security-groups/{group}/rules/{rule}", "" },
        { "POST", "/api/v1/networks", "{\"project_id\": \"{project}\"}" },
        { "POST", "/api/v1/subnets", "{\"network_id\": \"{network}\", \"cidr\": \"198.19.7.0/24\"}" },
        { "POST", "/api/v1/ports", "{\"project_id\": \"{project}\", \"network_id\": \"{network}\"}" },
        { "GET", "/api/v1/ports/{port}", "" },
        { "DELETE", "/api/v1/ports/{port}", "" },
        { "PUT", "/api/v1/ports/{port}/security-groups", "{\"security_groups\": []}" },
        { "PUT", "/api/v1/ports/{own_port}/security-groups", "{\"security_groups\": [\"{group}\"]}" },
        { "POST", "/api/v1/bindings", "{\"group_id\": \"{group}\", \"scope\": \"instance\", \"target_id\": \"vm-mine\"}" },
        { "POST", "/api/v1/bindings", "{\"group_id\": \"{group}\", \"scope\": \"project\", \"target_id\": \"{project}\"}" },
        { "DELETE", "/api/v1/bindings/{binding}", "" },
        { "POST", "/api/v1/explain", "{\"port_id\": \"{port}\", \"direction\": \"ingress\", \"protocol\": \"tcp\", \"port\": 22, \"remote_ip_address\": \"198.18.9.9\"}" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Another_projects_ids_are_404_and_change_nothing(string method, string path, string body)
    {
        var before = await server.RevisionAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path))
        {
            Content = body.Length == 0 ? null : new StringContent(Fill(body), System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await tenant.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == System.Net.HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Theory]
    [InlineData("/api/v1/projects")]
    [InlineData("/api/v1/security-groups")]
    [InlineData("/api/v1/security-groups?project_id={project}")]
    [InlineData("/api/v1/networks")]
    [InlineData("/api/v1/subnets")]
    [InlineData("/api/v1/ports")]
    [InlineData("/api/v1/ports?project_id={project}")]
    [InlineData("/api/v1/bindings")]
    [InlineData("/api/v1/audit-events")]
    [InlineData("/api/v1/audit-events?project_id={project}")]
    public async Task Lists_never_show_another_projects_resources(string path)
    {
        var listed = (await server.GetAsync(Fill(path), caller: tenant)).ToJsonString();

        foreach (var (kind, id) in ids.Where(i => i.Key != "own_port"))
        {
            Assert.False(listed.Contains(id, StringComparison.Ordinal), $"{path} shows the other project's {kind} {id}");
        }
    }

    [Fact]
    public async Task The_tenant_sees_its_own_project_and_nothing_of_the_platform()
    {
        var projects = (await server.GetAsync("/api/v1/projects", caller: tenant)).AsArray();

        Assert.Equal([own.Id], projects.Select(p => (string)p!["id"]!));
        await server.GetAsync($"/api/v1/projects/{own.Id}", caller: tenant);
        await server.GetAsync("/api/v1/principals", 403, tenant);
        await server.GetAsync("/api/v1/hosts/any/policy", 403, tenant);
        await server.PostAsync("/api/v1/projects", new { name = "mine" }, 403, tenant);
    }

    private string Fill(string template) =>
        ids.Aggregate(template, (text, id) => text.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));
}

public sealed class TenantIsolationTestsOnSqlite(SqliteServerFixture server) : TenantIsolationTests(server), IClassFixture<SqliteServerFixture>;

public sealed class TenantIsolationTestsOnPostgres(PostgresServerFixture server) : TenantIsolationTests(server), IClassFixture<PostgresServerFixture>;
