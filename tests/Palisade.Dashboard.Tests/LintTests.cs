using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

public sealed class LintTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task The_lint_panel_lists_a_world_open_ssh_rule_as_an_error_with_its_port()
    {
        var project = await fixture.NewProjectAsync("lint");
        var web = await fixture.NewGroupAsync(project, "web");
        await fixture.PostAsync($"/api/v1/security-groups/{web}/rules",
            new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 22, port_range_max = 22 });
        var port = await fixture.NewPortAsync(project, $"{project.Prefix}.21", groups: [web]);
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("reader", project));

        await page.GetByRole(AriaRole.Link, new() { Name = "Lint" }).ClickAsync();

        var findings = page.GetByRole(AriaRole.Table, new() { Name = "Findings" });
        var ssh = findings.GetByRole(AriaRole.Row).Filter(new() { HasText = "PAL001" });
        await Expect(ssh).ToContainTextAsync("error");
        await Expect(ssh).ToContainTextAsync("SSH");
        await Expect(ssh).ToContainTextAsync(port);
        await DashboardFixture.ScreenshotAsync(page, "lint-findings");
    }
}
