using System.Net.Http.Json;

namespace Palisade.Server.Tests.Compat.Neutron;

/// <summary>
/// An admin reads network quotas with the real <c>openstack quota list --network</c>. The limits are
/// set over HTTP: python3-openstackclient 6.0 has no <c>quota delete</c>, and its <c>quota set</c> and
/// <c>quota show</c> need a compute endpoint, which Palisade's catalog does not have.
/// </summary>
public sealed class NeutronQuotaCliTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task Quota_list_and_its_detail_show_the_limits_set()
    {
        var project = await server.NewProjectAsync();
        using var http = new HttpClient { BaseAddress = server.Client.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Auth-Token", ServerFixture.AdminToken);
        (await http.PutAsJsonAsync($"/v2.0/quotas/{project.Id}", new { quota = new { security_group = 3, network = 4 } })).EnsureSuccessStatusCode();
        using var admin = new OpenStackCli(server.Client.BaseAddress!, "admin", ServerFixture.AdminToken, project.Name);

        var listed = await admin.JsonAsync("quota", "list", "--network");
        var detail = await admin.JsonAsync("quota", "list", "--network", "--detail", "--project", project.Id);

        Assert.Contains(listed.AsArray(), row => (string)row!["Project ID"]! == project.Id && (int)row["Security Groups"]! == 3 && (int)row["Networks"]! == 4);
        var groups = Assert.Single(detail.AsArray(), row => (string)row!["Resource"]! == "security_groups")!;
        Assert.Equal((1, 3), ((int)groups["In Use"]!, (int)groups["Limit"]!));
    }
}
