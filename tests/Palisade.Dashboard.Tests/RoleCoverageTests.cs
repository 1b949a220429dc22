using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

/// <summary>
/// Rule edit and the port page for each role: what it sees and may do, and that the API refuses what
/// the page does not offer. Roles are those of Auth/ProjectRole (reader, member, admin) and the
/// platform admin; a Cloud Foundry space developer is a member and a space auditor a reader of the
/// space's project, whose groups the platform manages.
/// </summary>
public sealed class RoleCoverageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private async Task<string> TokenAsync(string role, TestProject project) =>
        role == "platform-admin" ? DashboardFixture.AdminToken : await fixture.TokenForAsync(role, project);

    private HttpClient ClientFor(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    [Theory]
    [InlineData("platform-admin", true)]
    [InlineData("admin", true)]
    [InlineData("member", true)]
    [InlineData("reader", false)]
    public async Task Rule_edit_is_offered_to_the_roles_the_api_lets_change_a_rule(string role, bool writes)
    {
        var project = await fixture.NewProjectAsync($"roles-{role}");
        var web = await fixture.NewGroupAsync(project, "web");
        var rule = (string)(await fixture.PostAsync($"/api/v1/security-groups/{web}/rules",
            new { direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443, remote_ip_prefix = "0.0.0.0/0", description = "https" }))[0]!["id"]!;
        var token = await TokenAsync(role, project);
        var page = await fixture.SignInAsync(token);

        await page.GotoAsync($"/#/p/{project.Id}/groups/{web}");

        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "https" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit rule" })).ToHaveCountAsync(writes ? 3 : 0);
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "New rule" })).ToHaveCountAsync(writes ? 1 : 0);
        await DashboardFixture.ScreenshotAsync(page, $"roles-rules-{role}");
        using var client = ClientFor(token);
        using var response = await client.PutAsync($"/api/v1/security-groups/{web}/rules/{rule}",
            JsonContent.Create(new { direction = "ingress", protocol = "tcp", port_range_min = 8443, port_range_max = 8443, remote_ip_prefix = "0.0.0.0/0" }));
        Assert.Equal(writes ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("platform-admin")]
    [InlineData("admin")]
    [InlineData("member")]
    [InlineData("reader")]
    public async Task Every_role_sees_a_ports_effective_rules_and_only_the_platform_admin_its_platform_policies(string role)
    {
        var project = await fixture.NewProjectAsync($"port-roles-{role}");
        var web = await fixture.NewGroupAsync(project, "web");
        var port = await fixture.NewPortAsync(project, $"{project.Prefix}.50", groups: [web]);
        var page = await fixture.SignInAsync(await TokenAsync(role, project));

        await page.GotoAsync($"/#/p/{project.Id}/port/{port}");

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Effective rules of port {port}" }).Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Platform policies (drop before any rule)" })).ToHaveCountAsync(role == "platform-admin" ? 1 : 0);
        await Expect(page.Locator("main button, main form")).ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, $"roles-port-{role}");
    }

    [Theory]
    [InlineData("member", "space-developer")]
    [InlineData("reader", "space-auditor")]
    [InlineData("platform-admin", "platform-admin")]
    public async Task An_app_port_in_a_space_names_where_its_asgs_come_from_in_cloud_foundry_words(string role, string cfRole)
    {
        var space = await fixture.NewProjectAsync($"app-{cfRole}", groupsManagedBy: "platform");
        await fixture.PostAsync("/v3/security_groups", new
        {
            name = $"{cfRole}-backend",
            rules = new[] { new { protocol = "tcp", destination = "10.10.10.0/24", ports = "5432", description = "database" } },
            relationships = new { running_spaces = new { data = new[] { new { guid = space.Id } } } },
        });
        var port = (string)(await fixture.PostAsync("/api/v1/ports", new
        {
            project_id = space.Id,
            network_id = space.NetworkId,
            fixed_ips = new[] { new { subnet_id = space.SubnetId, ip_address = $"{space.Prefix}.60" } },
            instance_id = $"app-{cfRole}",
            phase = "running",
        }))["id"]!;
        var page = await fixture.SignInAsync(await TokenAsync(role, space));

        await page.GotoAsync($"/#/p/{space.Id}/port/{port}");

        var rules = page.GetByRole(AriaRole.Table, new() { Name = $"Effective rules of port {port}" });
        await Expect(rules.GetByRole(AriaRole.Row, new() { Name = "database" })).ToContainTextAsync("this space (running)");
        await Expect(page.GetByRole(AriaRole.Paragraph).Filter(new() { HasText = "running app" }).First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"{cfRole}-backend" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/asg/"));
        await Expect(page.Locator("main button, main form")).ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, $"roles-app-port-{cfRole}");
    }
}
