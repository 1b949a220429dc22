using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

public sealed class ReadOnlyTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task A_reader_sees_groups_rules_and_ports_without_any_control_that_changes_them()
    {
        var project = await fixture.NewProjectAsync("read-only");
        await fixture.NewGroupAsync(project, "web");
        await fixture.NewPortAsync(project, $"{project.Prefix}.30", instanceId: "vm-r");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("reader", project));

        await AssertReadOnlyAsync(page, "reader");
        await DashboardFixture.ScreenshotAsync(page, "read-only-reader");
    }

    [Theory]
    [InlineData("member")]
    [InlineData("admin")]
    public async Task In_a_project_whose_groups_the_platform_manages_every_project_role_only_views(string role)
    {
        var project = await fixture.NewProjectAsync($"space-{role}", groupsManagedBy: "platform");
        var web = await fixture.NewGroupAsync(project, "web");
        await fixture.PostAsync("/api/v1/bindings", new { group_id = web, scope = "project", target_id = project.Id, phase = "running" });
        await fixture.NewPortAsync(project, $"{project.Prefix}.31", instanceId: "vm-cf");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync(role, project));

        // Such a project is a Cloud Foundry space: its Security groups page shows the groups applied to its apps (SpaceViewTests).
        var running = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Running apps" }) });
        await Expect(running.GetByRole(AriaRole.Article, new() { Name = "web" }).GetByRole(AriaRole.Table).Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("managed by the platform");
        await Expect(page.Locator("main button, main form")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Ports and instances" }).ClickAsync();
        var wide = page.GetByRole(AriaRole.Table, new() { Name = "Project and platform bindings" });
        await Expect(wide.GetByRole(AriaRole.Row, new() { Name = "web" })).ToContainTextAsync("running");
        await Expect(page.Locator("main button")).ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, $"read-only-platform-managed-{role}");
    }

    private static async Task AssertReadOnlyAsync(IPage page, string reason)
    {
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync(reason);
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "web" })).ToBeVisibleAsync();
        await Expect(page.Locator("main button:not([disabled])")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "View rules of web" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rules of web" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table).Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync(reason);
        await Expect(page.Locator("main form")).ToHaveCountAsync(0);
        await Expect(page.Locator("main button")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Ports and instances" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "vm-" }).First).ToBeVisibleAsync();
        await Expect(page.Locator("main button")).ToHaveCountAsync(0);
    }
}
