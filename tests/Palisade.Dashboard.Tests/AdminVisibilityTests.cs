using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

/// <summary>The admin console is for platform admins only: other roles see no Platform navigation and no admin page.</summary>
public sealed class AdminVisibilityTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Theory]
    [InlineData("admin")]
    [InlineData("member")]
    [InlineData("reader")]
    public async Task A_project_role_sees_no_platform_navigation(string role)
    {
        var project = await fixture.NewProjectAsync($"no-console-{role}");

        var page = await fixture.SignInAsync(await fixture.TokenForAsync(role, project));

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Security groups" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Heading, new() { Name = "Platform" })).ToHaveCountAsync(0);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Principals and access" })).ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, $"admin-console-hidden-{role}");
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("member")]
    [InlineData("reader")]
    public async Task A_project_role_that_types_an_admin_address_is_told_it_is_not_available(string role)
    {
        var project = await fixture.NewProjectAsync($"typed-{role}");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync(role, project));
        var calls = new List<string>();
        page.Request += (_, request) => calls.Add(request.Url);

        await page.GotoAsync("/#/admin/principals");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not available", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Only a platform admin");
        Assert.DoesNotContain(calls, url => url.Contains("/api/v1/principals", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_platform_admin_sees_the_platform_navigation()
    {
        await fixture.NewProjectAsync("console-visible");

        var page = await fixture.SignInAsync(DashboardFixture.AdminToken);

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        foreach (var link in new[] { "Principals and access", "Quotas", "Cloud Foundry ASGs", "Platform policies", "Hosts and agents" })
        {
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = link })).ToBeVisibleAsync();
        }
    }
}
