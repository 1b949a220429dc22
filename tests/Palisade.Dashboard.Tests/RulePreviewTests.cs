using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

public sealed class RulePreviewTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Preview_shows_the_flows_a_new_rule_would_open_at_the_bound_port_and_adds_nothing()
    {
        var project = await fixture.NewProjectAsync("preview");
        var web = await fixture.NewGroupAsync(project, "web");
        var port = await fixture.NewPortAsync(project, $"{project.Prefix}.23", groups: [web]);
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GetByRole(AriaRole.Link, new() { Name = "Manage rules of web" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New rule" });
        await form.GetByLabel("Port range from").FillAsync("5432");
        await form.GetByLabel("Remote IP prefix").FillAsync("203.0.113.0/24");

        await form.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();

        var row = page.GetByRole(AriaRole.Table, new() { Name = "Flows this rule would change" }).GetByRole(AriaRole.Row).Filter(new() { HasText = port });
        await Expect(row).ToContainTextAsync("drop → allow");
        await Expect(row).ToContainTextAsync("5432-5432");
        await Expect(row).ToContainTextAsync("203.0.113.0/24");
        await DashboardFixture.ScreenshotAsync(page, "rule-preview");
        Assert.DoesNotContain((await fixture.GetAsync($"/api/v1/security-groups/{web}/rules")).AsArray(), r => (int?)r!["port_range_min"] == 5432);
    }

    [Fact]
    public async Task A_preview_of_an_invalid_rule_marks_the_field()
    {
        var project = await fixture.NewProjectAsync("preview-error");
        await fixture.NewGroupAsync(project, "web");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GetByRole(AriaRole.Link, new() { Name = "Manage rules of web" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New rule" });
        await form.GetByLabel("Remote IP prefix").FillAsync("10.0.0.300/24");

        await form.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();

        await Expect(form.GetByLabel("Remote IP prefix")).ToHaveAttributeAsync("aria-invalid", "true");
    }
}
