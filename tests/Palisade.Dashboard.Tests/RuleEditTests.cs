using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

public sealed class RuleEditTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private async Task<(TestProject Project, string Group, string Rule)> HttpsRuleAsync(string name)
    {
        var project = await fixture.NewProjectAsync(name);
        var group = await fixture.NewGroupAsync(project, "web");
        var rule = await fixture.PostAsync($"/api/v1/security-groups/{group}/rules",
            new { direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443, remote_ip_prefix = "203.0.113.0/24", description = "https from the office", log = true });
        return (project, group, (string)rule[0]!["id"]!);
    }

    [Fact]
    public async Task Edit_prefills_the_form_warns_as_add_does_and_saves_the_rule_under_its_id()
    {
        var (project, group, rule) = await HttpsRuleAsync("rule-edit");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GotoAsync($"/#/p/{project.Id}/groups/{group}");

        await page.GetByRole(AriaRole.Row, new() { Name = "https from the office" }).GetByRole(AriaRole.Button, new() { Name = "Edit rule" }).ClickAsync();

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Edit rule" });
        await Expect(form.GetByLabel("Port range from")).ToHaveValueAsync("443");
        await Expect(form.GetByLabel("Remote IP prefix")).ToHaveValueAsync("203.0.113.0/24");
        await Expect(form.GetByLabel("Description")).ToHaveValueAsync("https from the office");
        await Expect(form.GetByLabel("IP protocol")).ToHaveValueAsync("tcp");
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "New rule" })).ToHaveCountAsync(0);
        await Expect(form.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();

        await form.GetByLabel("Port range from").FillAsync("22");
        await form.GetByLabel("Port range to").FillAsync("22");
        await form.GetByLabel("Remote IP prefix").FillAsync("0.0.0.0/0");
        await Expect(form.GetByRole(AriaRole.Alert)).ToContainTextAsync("22 (SSH)");
        await DashboardFixture.ScreenshotAsync(page, "rule-edit-warning");
        await form.GetByLabel("Remote IP prefix").FillAsync("198.51.100.0/24");
        await form.GetByLabel("Description").FillAsync("ssh from the VPN");
        await Expect(form.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();

        var row = page.GetByRole(AriaRole.Row, new() { Name = "ssh from the VPN" });
        await Expect(row).ToContainTextAsync("22 (SSH)");
        await Expect(row).ToContainTextAsync("198.51.100.0/24");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "https from the office" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "New rule" })).ToBeVisibleAsync();
        var stored = await fixture.GetAsync($"/api/v1/security-groups/{group}/rules/{rule}");
        Assert.Equal(22, (int)stored["port_range_min"]!);
        Assert.True((bool)stored["log"]!);
        Assert.Equal(3, (await fixture.GetAsync($"/api/v1/security-groups/{group}/rules")).AsArray().Count);
    }

    [Fact]
    public async Task An_edit_that_duplicates_another_rule_shows_the_refusal_and_keeps_the_form()
    {
        var (project, group, rule) = await HttpsRuleAsync("rule-edit-duplicate");
        await fixture.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 80, port_range_max = 80, remote_ip_prefix = "203.0.113.0/24", description = "http" });
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GotoAsync($"/#/p/{project.Id}/groups/{group}");
        await page.GetByRole(AriaRole.Row, new() { Name = "https from the office" }).GetByRole(AriaRole.Button, new() { Name = "Edit rule" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Edit rule" });

        await form.GetByLabel("Port range from").FillAsync("80");
        await form.GetByLabel("Port range to").FillAsync("80");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();

        await Expect(form.GetByRole(AriaRole.Alert)).ToContainTextAsync("already exists");
        await DashboardFixture.ScreenshotAsync(page, "rule-edit-duplicate");
        Assert.Equal(443, (int)(await fixture.GetAsync($"/api/v1/security-groups/{group}/rules/{rule}"))["port_range_min"]!);

        await form.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "New rule" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_reader_sees_no_edit_button()
    {
        var (project, group, _) = await HttpsRuleAsync("rule-edit-reader");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("reader", project));

        await page.GotoAsync($"/#/p/{project.Id}/groups/{group}");

        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "https from the office" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit rule" })).ToHaveCountAsync(0);
    }
}
