using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

/// <summary>Signing in as the platform admin and opening a page of the admin console through its navigation.</summary>
internal static class AdminConsole
{
    /// <summary>Signs in with the platform admin token (a project must exist, so the first page is its groups) and follows the Platform link <paramref name="link"/>.</summary>
    public static async Task<IPage> OpenAsync(DashboardFixture fixture, string link, string heading)
    {
        var page = await fixture.SignInAsync(DashboardFixture.AdminToken);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The dialog named <paramref name="title"/>, once it is open.</summary>
    public static async Task<ILocator> DialogAsync(IPage page, string title)
    {
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = title });
        await Expect(dialog).ToBeVisibleAsync();
        return dialog;
    }
}
