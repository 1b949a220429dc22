using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

public sealed class ExplainTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Explaining_a_flow_shows_the_verdict_the_deciding_step_and_the_matching_rules()
    {
        var project = await fixture.NewProjectAsync("explain");
        var web = await fixture.NewGroupAsync(project, "web");
        await fixture.PostAsync($"/api/v1/security-groups/{web}/rules",
            new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 443, port_range_max = 443, description = "https in" });
        var port = await fixture.NewPortAsync(project, $"{project.Prefix}.20", instanceId: "vm-web", groups: [web]);
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("reader", project));
        await page.GetByRole(AriaRole.Link, new() { Name = "Explain a flow" }).ClickAsync();

        await page.GetByLabel("Port", new() { Exact = true }).SelectOptionAsync(port);
        await page.GetByLabel("Direction").SelectOptionAsync("ingress");
        await page.GetByLabel("Protocol").SelectOptionAsync("tcp");
        await page.GetByLabel("Remote IP address").FillAsync("198.51.100.7");
        await page.GetByLabel("Port number").FillAsync("443");
        await page.GetByRole(AriaRole.Button, new() { Name = "Explain" }).ClickAsync();

        await Expect(page.Locator(".verdict")).ToHaveTextAsync("Allowed");
        await Expect(page.Locator(".step")).ToContainTextAsync("step 7");
        var matched = page.GetByRole(AriaRole.Table, new() { Name = "Rules that matched" });
        await Expect(matched.GetByRole(AriaRole.Row, new() { Name = "https in" })).ToContainTextAsync("web");
        await DashboardFixture.ScreenshotAsync(page, "explain-allowed");

        await page.GetByLabel("Port number").FillAsync("22");
        await page.GetByRole(AriaRole.Button, new() { Name = "Explain" }).ClickAsync();
        await Expect(page.Locator(".verdict")).ToHaveTextAsync("Dropped");
        await Expect(page.Locator(".step")).ToContainTextAsync("implicit deny");
        await Expect(matched).ToHaveCountAsync(0);

        await page.GetByLabel("Remote IP address").FillAsync("not-an-address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Explain" }).ClickAsync();
        await Expect(page.GetByLabel("Remote IP address")).ToHaveAttributeAsync("aria-invalid", "true");
        await DashboardFixture.ScreenshotAsync(page, "explain-field-error");
    }

    [Fact]
    public async Task The_port_picker_tells_two_ports_of_one_instance_apart_by_address_first()
    {
        var project = await fixture.NewProjectAsync("two-nics");
        var first = await fixture.NewPortAsync(project, $"{project.Prefix}.30", instanceId: "vm-db");
        var second = await fixture.NewPortAsync(project, $"{project.Prefix}.31", instanceId: "vm-db");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("reader", project));

        await page.GetByRole(AriaRole.Link, new() { Name = "Explain a flow" }).ClickAsync();

        var picker = page.GetByLabel("Port", new() { Exact = true });
        await Expect(picker.Locator("option")).ToHaveTextAsync([
            $"{project.Prefix}.30 · port …{first[^8..]} · instance vm-db",
            $"{project.Prefix}.31 · port …{second[^8..]} · instance vm-db",
        ]);
        await picker.SelectOptionAsync(second);
        await Expect(picker).ToHaveValueAsync(second);
        await DashboardFixture.ScreenshotAsync(page, "explain-two-ports-of-one-instance");
    }
}
