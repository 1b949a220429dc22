using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

public sealed class SignInTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Signing_in_with_a_token_shows_only_the_callers_projects_in_the_switcher_and_switching_changes_the_list()
    {
        var alpha = await fixture.NewProjectAsync("alpha");
        var beta = await fixture.NewProjectAsync("beta");
        await fixture.NewProjectAsync("gamma-not-mine");
        await fixture.NewGroupAsync(beta, "beta-only-group");
        var token = await fixture.TokenForAsync("member", alpha, beta);

        var page = await fixture.SignInAsync(token);

        var switcher = page.GetByLabel("Project");
        await Expect(switcher.Locator("option")).ToHaveTextAsync(["alpha", "beta"]);
        await Expect(page.GetByRole(AriaRole.Table)).Not.ToContainTextAsync("beta-only-group");
        await switcher.SelectOptionAsync(new SelectOptionValue { Label = "beta" });
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "beta-only-group" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add" })).ToBeVisibleAsync();
        Assert.Equal(token, await page.EvaluateAsync<string>("sessionStorage.getItem('palisade.token')"));
        await DashboardFixture.ScreenshotAsync(page, "sign-in-and-project-switcher");
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_a_message_and_signing_out_forgets_the_token()
    {
        var project = await fixture.NewProjectAsync("solo");
        var token = await fixture.TokenForAsync("member", project);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByLabel("API token").FillAsync("pal_not-a-real-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not accepted");
        await DashboardFixture.ScreenshotAsync(page, "sign-in-refused");
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Security groups" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("API token")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('palisade.token')"));
    }

    [Fact]
    public async Task The_sign_in_page_offers_no_sign_out()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/");

        await Expect(page.GetByLabel("API token")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeHiddenAsync();
        await DashboardFixture.ScreenshotAsync(page, "sign-in-page");
    }
}
