using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

public sealed class RulesTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task The_servers_field_error_is_shown_next_to_the_field_and_a_valid_rule_is_added_to_the_table()
    {
        var project = await fixture.NewProjectAsync("rules");
        await fixture.NewGroupAsync(project, "web");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GetByRole(AriaRole.Link, new() { Name = "Manage rules of web" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rules of web" })).ToBeFocusedAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New rule" });

        await form.GetByLabel("Port range from").FillAsync("8080");
        await form.GetByLabel("Remote IP prefix").FillAsync("10.0.0.300/24");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();

        var prefix = form.GetByLabel("Remote IP prefix");
        await Expect(prefix).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(prefix).ToBeFocusedAsync();
        await Expect(prefix).ToHaveAccessibleDescriptionAsync(new Regex("10\\.0\\.0\\.300"));
        var error = form.Locator(".field", new() { Has = page.GetByLabel("Remote IP prefix") }).Locator(".field-error");
        await Expect(error).ToContainTextAsync("10.0.0.300");
        await Expect(form.Locator(".field-error")).ToHaveCountAsync(1);
        await DashboardFixture.ScreenshotAsync(page, "rule-field-error");

        await prefix.FillAsync("10.0.0.0/24");
        await form.GetByLabel("Description").FillAsync("app from the office");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row, new() { Name = "app from the office" });
        await Expect(row).ToContainTextAsync("Ingress");
        await Expect(row).ToContainTextAsync("TCP");
        await Expect(row).ToContainTextAsync("8080");
        await Expect(row).ToContainTextAsync("10.0.0.0/24");

        await row.GetByRole(AriaRole.Button, new() { Name = "Delete rule" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete rule" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_new_rule_form_starts_without_a_warning_and_asks_for_the_remote_rather_than_assuming_every_address()
    {
        var project = await fixture.NewProjectAsync("rule-defaults");
        var group = await fixture.NewGroupAsync(project, "web");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GotoAsync($"/#/p/{project.Id}/groups/{group}");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New rule" });
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Rules of security group web" }).Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(form.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        await DashboardFixture.ScreenshotAsync(page, "rule-form-defaults");

        await form.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();

        var prefix = form.GetByLabel("Remote IP prefix");
        await Expect(prefix).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(prefix).ToBeFocusedAsync();
        await Expect(prefix).ToHaveAccessibleDescriptionAsync(new Regex("0\\.0\\.0\\.0/0"));
        await Expect(rows).ToHaveCountAsync(2);
        Assert.Equal(2, (await fixture.GetAsync($"/api/v1/security-groups/{group}/rules")).AsArray().Count);
        await DashboardFixture.ScreenshotAsync(page, "rule-form-remote-required");
    }

    [Fact]
    public async Task The_toast_after_adding_a_rule_covers_neither_the_form_nor_the_page()
    {
        var project = await fixture.NewProjectAsync("toast");
        var group = await fixture.NewGroupAsync(project, "web");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GotoAsync($"/#/p/{project.Id}/groups/{group}");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New rule" });
        await form.GetByLabel("Port range from").FillAsync("443");
        await form.GetByLabel("Remote IP prefix").FillAsync("0.0.0.0/0");

        await form.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();

        var status = page.GetByRole(AriaRole.Status);
        await Expect(status).ToHaveTextAsync("The rule was added.");
        await Expect(status).ToHaveClassAsync(new Regex("visible"));
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "443 (HTTPS)" })).ToBeVisibleAsync();
        await DashboardFixture.ScreenshotAsync(page, "rule-added-toast");
        var covered = await page.EvaluateAsync<string[]>("""
            () => {
              const toast = document.getElementById('status').getBoundingClientRect();
              const overlaps = r => r.width > 0 && r.left < toast.right && toast.left < r.right && r.top < toast.bottom && toast.top < r.bottom;
              const main = document.getElementById('main');
              const fields = [...main.querySelectorAll('input, select, textarea, button')].filter(e => overlaps(e.getBoundingClientRect()));
              return [...(overlaps(main.getBoundingClientRect()) ? ['main'] : []), ...fields.map(e => e.name || e.textContent)];
            }
            """);
        Assert.Empty(covered);
    }

    [Fact]
    public async Task An_admin_port_open_to_the_internet_is_warned_about_and_the_web_server_template_adds_its_rules()
    {
        var project = await fixture.NewProjectAsync("template");
        var group = await fixture.NewGroupAsync(project, "web");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GotoAsync($"/#/p/{project.Id}/groups/{group}");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New rule" });
        var warning = form.GetByRole(AriaRole.Alert);

        await form.GetByLabel("Port range from").FillAsync("22");
        await form.GetByLabel("Remote IP prefix").FillAsync("0.0.0.0/0");
        await Expect(warning).ToContainTextAsync("22 (SSH)");
        await Expect(warning).ToContainTextAsync("0.0.0.0/0");
        await form.GetByLabel("Remote IP prefix").FillAsync("203.0.113.0/24");
        await Expect(warning).ToBeHiddenAsync();
        await form.GetByLabel("Ether type").SelectOptionAsync("IPv6");
        await form.GetByLabel("Remote IP prefix").FillAsync("::/0");
        await form.GetByLabel("Port range from").FillAsync("3306");
        await Expect(warning).ToContainTextAsync("3306 (MySQL)");
        await Expect(warning).ToContainTextAsync("::/0");
        await DashboardFixture.ScreenshotAsync(page, "rule-admin-port-warning");

        await page.GetByLabel("Template").SelectOptionAsync("web-ssh");
        var template = page.GetByRole(AriaRole.Form, new() { Name = "Web server (Linux)" });
        var prefix = template.GetByLabel("Whitelisted prefix for remote administration");
        await prefix.FillAsync("0.0.0.0/0");
        await Expect(template.GetByRole(AriaRole.Alert)).ToContainTextAsync("22 (SSH)");
        await prefix.FillAsync("203.0.113.0/24");
        await Expect(template.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        await template.GetByRole(AriaRole.Button, new() { Name = "Add 5 rules" }).ClickAsync();

        var rules = page.GetByRole(AriaRole.Table, new() { Name = "Rules of security group web" });
        await Expect(rules.GetByRole(AriaRole.Row, new() { Name = "SSH from the whitelisted prefix" })).ToContainTextAsync("203.0.113.0/24");
        await Expect(rules.GetByRole(AriaRole.Row, new() { Name = "HTTPS from anywhere" })).ToHaveCountAsync(2);
        await Expect(rules.GetByRole(AriaRole.Row, new() { Name = "80 (HTTP)" })).ToHaveCountAsync(2);
        await Expect(rules.Locator("tbody tr")).ToHaveCountAsync(7);
        await DashboardFixture.ScreenshotAsync(page, "rule-template-added");
    }

    [Fact]
    public async Task A_rule_whose_remote_is_an_address_group_names_it_instead_of_the_whole_address_space()
    {
        var project = await fixture.NewProjectAsync("address-group");
        var group = await fixture.NewGroupAsync(project, "office");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2.0/address-groups")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { address_group = new { name = "branch", project_id = project.Id, addresses = new[] { "198.19.40.0/24" } } }),
        };
        request.Headers.Add("X-Auth-Token", DashboardFixture.AdminToken);
        using var response = await fixture.Admin.SendAsync(request);
        var addressGroup = (string)System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["address_group"]!["id"]!;
        await fixture.PostAsync($"/api/v1/security-groups/{group}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22, remote_address_group_id = addressGroup, description = "ssh from the branch" });
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));

        await page.GotoAsync($"/#/p/{project.Id}/groups/{group}");

        var row = page.GetByRole(AriaRole.Row, new() { Name = "ssh from the branch" });
        await Expect(row).ToContainTextAsync($"address group {addressGroup}");
        await Expect(row).Not.ToContainTextAsync("0.0.0.0/0");
    }
}
