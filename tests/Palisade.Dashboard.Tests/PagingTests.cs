using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

public sealed class PagingTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const int Groups = 1_050;
    private const int PageSize = 50;

    [Fact]
    public async Task A_project_with_more_than_a_thousand_groups_is_listed_page_by_page()
    {
        var project = await fixture.NewProjectAsync("many");
        await fixture.PutAsync($"/api/v1/quotas/{project.Id}", new { security_groups = -1 });
        for (var i = 1; i < Groups; i++)
        {
            await fixture.NewGroupAsync(project, $"group-{i:0000}");
        }

        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Security groups of many, page 1" });
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(PageSize);
        var seen = new HashSet<string>(await table.Locator("tbody th").AllInnerTextsAsync());
        await DashboardFixture.ScreenshotAsync(page, "paging-first-page");

        var next = page.GetByRole(AriaRole.Button, new() { Name = "Next page" });
        var lastPage = (Groups + PageSize - 1) / PageSize;
        for (var number = 2; number <= lastPage; number++)
        {
            await next.ClickAsync();
            var current = page.GetByRole(AriaRole.Table, new() { Name = $"Security groups of many, page {number}" });
            await Expect(current.Locator("tbody tr").First).ToBeVisibleAsync();
            seen.UnionWith(await current.Locator("tbody th").AllInnerTextsAsync());
        }

        await Expect(next).ToBeDisabledAsync();
        Assert.Equal(Groups, seen.Count);
        Assert.Contains("default", seen);
        // From the last page, Previous shows the one before it (a full page).
        await page.GetByRole(AriaRole.Button, new() { Name = "Previous page" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Security groups of many, page {lastPage - 1}" }).Locator("tbody tr")).ToHaveCountAsync(PageSize);
        await DashboardFixture.ScreenshotAsync(page, "paging-previous-page");
    }
}
