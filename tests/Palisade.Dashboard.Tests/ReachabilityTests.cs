using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

public sealed class ReachabilityTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task The_reachability_panel_shows_the_port_the_peers_and_the_rule_that_let_a_flow_in()
    {
        var project = await fixture.NewProjectAsync("reach");
        var web = await fixture.NewGroupAsync(project, "web");
        await fixture.PostAsync($"/api/v1/security-groups/{web}/rules",
            new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 443, port_range_max = 443, remote_ip_prefix = "203.0.113.0/24", description = "https from partners" });
        var port = await fixture.NewPortAsync(project, $"{project.Prefix}.22", groups: [web]);
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("reader", project));
        await page.GetByRole(AriaRole.Link, new() { Name = "Reachability" }).ClickAsync();

        await page.GetByLabel("Port", new() { Exact = true }).SelectOptionAsync(port);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show reachability" }).ClickAsync();

        var https = page.GetByRole(AriaRole.Table, new() { Name = "Who can reach the port" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "https from partners" });
        await Expect(https).ToContainTextAsync("203.0.113.0/24");
        await Expect(https).ToContainTextAsync("443");
        await DashboardFixture.ScreenshotAsync(page, "reachability");
    }
}
