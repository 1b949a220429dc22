using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

public sealed class PortsTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Groups_are_attached_to_and_detached_from_a_port()
    {
        var project = await fixture.NewProjectAsync("ports");
        await fixture.NewGroupAsync(project, "web");
        var port = await fixture.NewPortAsync(project, $"{project.Prefix}.5");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GetByRole(AriaRole.Link, new() { Name = "Ports and instances" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Table, new() { Name = "Ports of ports" }).GetByRole(AriaRole.Row, new() { Name = port });
        await Expect(row).ToContainTextAsync("default");

        await row.GetByRole(AriaRole.Button, new() { Name = "Edit security groups" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Security groups of port {port}" });
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "web" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "default" }).UncheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(row.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("web");
        var bound = await fixture.GetAsync($"/api/v1/ports/{port}");
        Assert.Equal(["web"], await GroupNamesAsync(bound["security_groups"]!.AsArray().Select(g => (string)g!)));
        await DashboardFixture.ScreenshotAsync(page, "port-groups-attached");

        await row.GetByRole(AriaRole.Button, new() { Name = "Edit security groups" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "web" }).UncheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("None");
    }

    [Fact]
    public async Task A_ports_groups_are_named_in_name_order()
    {
        var project = await fixture.NewProjectAsync("port-sorted");
        var zulu = await fixture.NewGroupAsync(project, "zulu");
        var alpha = await fixture.NewGroupAsync(project, "alpha");
        var mike = await fixture.NewGroupAsync(project, "mike");
        var port = await fixture.NewPortAsync(project, $"{project.Prefix}.7", groups: [zulu, alpha, mike]);
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("reader", project));

        await page.GetByRole(AriaRole.Link, new() { Name = "Ports and instances" }).ClickAsync();

        var row = page.GetByRole(AriaRole.Table, new() { Name = "Ports of port-sorted" }).GetByRole(AriaRole.Row, new() { Name = port });
        await Expect(row.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("alpha, mike, zulu");
        await DashboardFixture.ScreenshotAsync(page, "port-groups-sorted");
    }

    [Fact]
    public async Task Groups_are_attached_to_and_detached_from_every_port_of_an_instance()
    {
        var project = await fixture.NewProjectAsync("instances");
        var group = await fixture.NewGroupAsync(project, "app");
        await fixture.NewPortAsync(project, $"{project.Prefix}.11", instanceId: "vm-1");
        await fixture.NewPortAsync(project, $"{project.Prefix}.12", instanceId: "vm-1");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GetByRole(AriaRole.Link, new() { Name = "Ports and instances" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Table, new() { Name = "Instances of instances" }).GetByRole(AriaRole.Row, new() { Name = "vm-1" });
        await Expect(row).ToContainTextAsync("2");

        await row.GetByRole(AriaRole.Button, new() { Name = "Edit security groups of instance vm-1" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Security groups of instance vm-1" });
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "app" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("app");
        var bindings = (await fixture.GetAsync($"/api/v1/bindings?group_id={group}")).AsArray();
        var binding = Assert.Single(bindings);
        Assert.Equal("instance", (string)binding!["scope"]!);
        Assert.Equal("vm-1", (string)binding["target_id"]!);
        await DashboardFixture.ScreenshotAsync(page, "instance-groups-attached");

        await page.GetByRole(AriaRole.Link, new() { Name = "Security groups" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "app" }).GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("2");
        await page.GetByRole(AriaRole.Link, new() { Name = "Ports and instances" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Edit security groups of instance vm-1" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "app" }).UncheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("None");
        Assert.Empty((await fixture.GetAsync($"/api/v1/bindings?group_id={group}")).AsArray());
    }

    private async Task<List<string>> GroupNamesAsync(IEnumerable<string> ids)
    {
        var names = new List<string>();
        foreach (var id in ids)
        {
            names.Add((string)(await fixture.GetAsync($"/api/v1/security-groups/{id}"))["name"]!);
        }

        return names;
    }
}
