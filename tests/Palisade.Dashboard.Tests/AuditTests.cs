using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

public sealed class AuditTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task The_audit_log_lists_the_projects_changes_newest_first_a_page_at_a_time()
    {
        var project = await fixture.NewProjectAsync("audit");
        await fixture.PutAsync($"/api/v1/quotas/{project.Id}", new { security_groups = -1 });
        var token = await fixture.TokenForAsync("reader", project);
        var newest = "";
        for (var i = 0; i < 30; i++)
        {
            newest = await fixture.NewGroupAsync(project, $"g{i:00}");
        }

        var page = await fixture.SignInAsync(token);
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Audit events of audit, page 1" });
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(25);
        await Expect(table.Locator("tbody tr").First).ToContainTextAsync("security group");
        await Expect(table.Locator("tbody tr").First).ToContainTextAsync("admin");
        await table.Locator("tbody tr").First.GetByText("Show before and after").ClickAsync();
        // The newest event is the last change of g29's creation: the group, or one of its default rules (each rule is audited as its own row).
        await Expect(table.Locator("tbody tr").First.Locator("pre")).ToContainTextAsync(newest);
        await DashboardFixture.ScreenshotAsync(page, "audit-page-1");

        await page.GetByRole(AriaRole.Button, new() { Name = "Older events" }).ClickAsync();
        var second = page.GetByRole(AriaRole.Table, new() { Name = "Audit events of audit, page 2" });
        await Expect(second.Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(second).Not.ToContainTextAsync("g29");
        await page.GetByRole(AriaRole.Button, new() { Name = "Newer events" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Audit events of audit, page 1" })).ToBeVisibleAsync();
    }
}
