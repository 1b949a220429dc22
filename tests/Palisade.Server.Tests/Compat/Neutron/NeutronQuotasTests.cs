using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.Neutron;

/// <summary>
/// <c>/v2.0/quotas</c> beyond show and update: the admin list, <c>/details</c> (quota_details), reset
/// with DELETE, and the keys of resources Palisade does not limit, shaped as Neutron's api-ref
/// (https://docs.openstack.org/api-ref/network/v2/#quotas-extension-quotas).
/// </summary>
public sealed class NeutronQuotasTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task The_list_holds_the_projects_with_quotas_of_their_own_with_project_and_tenant_id()
    {
        var set = await server.NewProjectAsync();
        var untouched = await server.NewProjectAsync();
        using var admin = AdminClient();
        (await admin.PutAsJsonAsync($"/v2.0/quotas/{set.Id}", new { quota = new { security_group = 7 } })).EnsureSuccessStatusCode();

        var quotas = JsonNode.Parse(await admin.GetStringAsync("/v2.0/quotas"))!["quotas"]!.AsArray();

        var listed = Assert.Single(quotas, q => (string)q!["project_id"]! == set.Id)!;
        Assert.Equal((set.Id, 7, 100), ((string)listed["tenant_id"]!, (int)listed["security_group"]!, (int)listed["network"]!));
        Assert.DoesNotContain(quotas, q => (string)q!["project_id"]! == untouched.Id);
    }

    [Fact]
    public async Task Details_give_limit_used_and_reserved_for_every_resource()
    {
        var own = await server.NewProjectAsync();
        using var tenant = await TenantAsync(own.Id);
        (await tenant.PostAsJsonAsync("/v2.0/security-groups", new { security_group = new { name = "web" } })).EnsureSuccessStatusCode();

        var details = JsonNode.Parse(await tenant.GetStringAsync($"/v2.0/quotas/{own.Id}/details"))!["quota"]!;
        var rules = JsonNode.Parse(await tenant.GetStringAsync("/v2.0/security-group-rules"))!["security_group_rules"]!.AsArray();

        // The default group and "web".
        Assert.Equal((10, 2, 0), ((int)details["security_group"]!["limit"]!, (int)details["security_group"]!["used"]!, (int)details["security_group"]!["reserved"]!));
        Assert.Equal(rules.Count, (int)details["security_group_rule"]!["used"]!);
        Assert.Equal((500, 0), ((int)details["port"]!["limit"]!, (int)details["port"]!["used"]!));
    }

    [Fact]
    public async Task Quota_details_is_listed_as_an_extension()
    {
        using var admin = AdminClient();
        var extensions = JsonNode.Parse(await admin.GetStringAsync("/v2.0/extensions"))!["extensions"]!.AsArray();
        Assert.Contains(extensions, e => (string)e!["alias"]! == "quota_details");
    }

    [Fact]
    public async Task Delete_returns_the_project_to_the_defaults()
    {
        var own = await server.NewProjectAsync();
        using var admin = AdminClient();
        (await admin.PutAsJsonAsync($"/v2.0/quotas/{own.Id}", new { quota = new { security_group = 1, network = 3 } })).EnsureSuccessStatusCode();

        using var response = await admin.DeleteAsync($"/v2.0/quotas/{own.Id}");
        var shown = JsonNode.Parse(await admin.GetStringAsync($"/v2.0/quotas/{own.Id}"))!["quota"]!;

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal((10, 100), ((int)shown["security_group"]!, (int)shown["network"]!));
    }

    [Fact]
    public async Task Limits_for_resources_palisade_does_not_limit_are_accepted_and_echoed()
    {
        var own = await server.NewProjectAsync();
        using var admin = AdminClient();

        using var response = await admin.PutAsJsonAsync($"/v2.0/quotas/{own.Id}", new { quota = new { network = 5, subnet = 6, port = 7, router = 8, floatingip = 9, rbac_policy = 11, subnetpool = 12, trunk = 13 } });
        var updated = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["quota"]!;
        var shown = JsonNode.Parse(await admin.GetStringAsync($"/v2.0/quotas/{own.Id}"))!["quota"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(updated.ToJsonString(), shown.ToJsonString());
        Assert.Equal([5, 6, 7, 8, 9, 11, 12, 13, 10], new[] { "network", "subnet", "port", "router", "floatingip", "rbac_policy", "subnetpool", "trunk", "security_group" }.Select(k => (int)shown[k]!));
    }

    private HttpClient AdminClient()
    {
        var admin = new HttpClient { BaseAddress = server.Client.BaseAddress };
        admin.DefaultRequestHeaders.Add("X-Auth-Token", ServerFixture.AdminToken);
        return admin;
    }

    private async Task<HttpClient> TenantAsync(string projectId)
    {
        using var member = await server.ClientForAsync(projectId, "member");
        var tenant = new HttpClient { BaseAddress = server.Client.BaseAddress };
        tenant.DefaultRequestHeaders.Add("X-Auth-Token", member.DefaultRequestHeaders.Authorization!.Parameter);
        return tenant;
    }
}
