using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

public sealed class SecurityGroupsTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task A_member_adds_edits_and_deletes_a_group()
    {
        var project = await fixture.NewProjectAsync("groups");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        var table = page.GetByRole(AriaRole.Table);
        await Expect(table.GetByRole(AriaRole.Row, new() { Name = "default" })).ToContainTextAsync("4");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add security group" });
        await Expect(dialog.GetByLabel("Name")).ToBeFocusedAsync();
        await dialog.GetByLabel("Name").FillAsync("web");
        await dialog.GetByLabel("Description").FillAsync("web tier");
        await dialog.GetByLabel("Status").SelectOptionAsync("enabled");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rules of web", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Security groups" }).First.ClickAsync();
        var web = table.GetByRole(AriaRole.Row, new() { Name = "web" });
        await Expect(web).ToContainTextAsync("web tier");
        await Expect(web).ToContainTextAsync("Enabled");

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit web" }).ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Edit security group web" });
        await dialog.GetByLabel("Description").FillAsync("public web tier");
        await dialog.GetByLabel("Status").SelectOptionAsync("disabled");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(web).ToContainTextAsync("public web tier");
        await Expect(web).ToContainTextAsync("Disabled");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete web" }).ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete security group web?" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(web).ToHaveCountAsync(0);
        await Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await DashboardFixture.ScreenshotAsync(page, "groups-after-delete");
    }

    [Fact]
    public async Task Adding_a_group_opens_its_rules_as_mclouds_flow_does()
    {
        var project = await fixture.NewProjectAsync("add-then-rules");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add security group" });
        await dialog.GetByLabel("Name").FillAsync("app");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rules of app", Level = 1 })).ToBeFocusedAsync();
        var groups = await fixture.GetAsync($"/api/v1/security-groups?project_id={project.Id}&name=app");
        await Expect(page).ToHaveURLAsync(new Regex($"/groups/{(string)groups[0]!["id"]!}$"));
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "New rule" })).ToBeVisibleAsync();
        await DashboardFixture.ScreenshotAsync(page, "group-added-opens-its-rules");
    }

    [Fact]
    public async Task A_group_added_as_stateless_is_created_stateless()
    {
        var project = await fixture.NewProjectAsync("stateless");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add security group" });
        await dialog.GetByLabel("Name").FillAsync("udp-relay");
        await Expect(dialog.GetByLabel("Connection tracking")).ToHaveValueAsync("stateful");
        await dialog.GetByLabel("Connection tracking").SelectOptionAsync("stateless");
        await DashboardFixture.ScreenshotAsync(page, "group-add-stateless");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rules of udp-relay", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".lead")).ToContainTextAsync("stateless");
        var groups = await fixture.GetAsync($"/api/v1/security-groups?project_id={project.Id}&name=udp-relay");
        Assert.False((bool)groups[0]!["stateful"]!);
    }

    [Fact]
    public async Task Groups_are_listed_by_name()
    {
        var project = await fixture.NewProjectAsync("sorted");
        string[] names = ["mike", "alpha", "zulu", "echo", "kilo", "bravo", "tango"];
        foreach (var name in names)
        {
            await fixture.NewGroupAsync(project, name);
        }

        var page = await fixture.SignInAsync(await fixture.TokenForAsync("reader", project));

        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Security groups of sorted, page 1" }).Locator("tbody th");
        await Expect(rows).ToHaveTextAsync(["alpha", "bravo", "default", "echo", "kilo", "mike", "tango", "zulu"]);
        await DashboardFixture.ScreenshotAsync(page, "groups-sorted-by-name");
    }

    [Fact]
    public async Task The_default_group_is_offered_edit_and_rules_but_not_delete()
    {
        var project = await fixture.NewProjectAsync("default-kept");
        await fixture.NewGroupAsync(project, "web");

        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));

        var row = page.GetByRole(AriaRole.Row, new() { Name = "default" });
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Edit default" })).ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = "Manage rules of default" })).ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Delete default" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete web" })).ToBeVisibleAsync();
        await DashboardFixture.ScreenshotAsync(page, "groups-default-not-deletable");
    }

    [Fact]
    public async Task Deleting_a_group_bound_to_a_port_shows_the_servers_reason()
    {
        var project = await fixture.NewProjectAsync("in-use");
        var group = await fixture.NewGroupAsync(project, "db");
        var port = await fixture.NewPortAsync(project, $"{project.Prefix}.10", groups: [group]);
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("admin", project));
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "db" }).GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("1");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete db" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync($"is in use: bound to port {port}");
        await DashboardFixture.ScreenshotAsync(page, "groups-in-use-refused");
    }

    [Fact]
    public async Task A_refusal_names_the_groups_by_name_not_by_id()
    {
        var project = await fixture.NewProjectAsync("named-refusal");
        var db = await fixture.NewGroupAsync(project, "db");
        var app = await fixture.NewGroupAsync(project, "app");
        await fixture.PostAsync($"/api/v1/security-groups/{app}/rules", new { direction = "egress", protocol = "tcp", port_range_min = 5432, port_range_max = 5432, remote_group_id = db });
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete db" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        var alert = dialog.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Security group “db” is the remote group of rules in group “app”");
        await Expect(alert).Not.ToContainTextAsync(db);
        await Expect(alert).Not.ToContainTextAsync(app);
        await DashboardFixture.ScreenshotAsync(page, "groups-refusal-by-name");
    }

    [Fact]
    public async Task A_name_the_server_refuses_is_shown_next_to_the_name_field()
    {
        var project = await fixture.NewProjectAsync("bad-name");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));

        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();

        var name = dialog.GetByLabel("Name");
        await Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(name).ToBeFocusedAsync();
        await Expect(dialog.Locator(".field", new() { Has = page.GetByLabel("Name") }).Locator(".field-error")).ToBeVisibleAsync();
        await Expect(name).ToHaveAccessibleDescriptionAsync(new Regex("name|required", RegexOptions.IgnoreCase));
        await DashboardFixture.ScreenshotAsync(page, "groups-name-error");
    }
}
