using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

/// <summary>Platform → Principals and access: principals, tokens, role bindings and API key pairs, as a platform admin.</summary>
public sealed class AdminIdentityTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string Principals = "Principals and access";

    private async Task<(string Id, string Name)> NewPrincipalAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..16];
        return ((string)(await fixture.PostAsync("/api/v1/principals", new { name }))["id"]!, name);
    }

    private async Task<IPage> OpenPrincipalAsync(string name)
    {
        await fixture.NewProjectAsync("identity");
        var page = await AdminConsole.OpenAsync(fixture, Principals, Principals);
        await page.GetByRole(AriaRole.Link, new() { Name = $"Manage access of {name}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Principal {name}", Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task The_principals_list_shows_the_built_in_admin_first_among_names_in_order()
    {
        await NewPrincipalAsync("zed");
        await NewPrincipalAsync("bea");
        await fixture.NewProjectAsync("principals");

        var page = await AdminConsole.OpenAsync(fixture, Principals, Principals);

        var names = await page.GetByRole(AriaRole.Table, new() { Name = "Principals" }).Locator("tbody th").AllTextContentsAsync();
        Assert.Contains("admin", names);
        Assert.Equal(names.Order(StringComparer.Create(System.Globalization.CultureInfo.InvariantCulture, ignoreCase: true)), names);
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "admin" }).First).ToContainTextAsync("Platform admin (built in)");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete admin", Exact = true })).ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, "admin-principals");
    }

    [Fact]
    public async Task Adding_a_principal_opens_its_access_page()
    {
        await fixture.NewProjectAsync("add-principal");
        var page = await AdminConsole.OpenAsync(fixture, Principals, Principals);
        var name = $"carol-{Guid.NewGuid():N}"[..14];

        await page.GetByRole(AriaRole.Button, new() { Name = "Add principal" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, "Add principal");
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Principal {name}", Level = 1 })).ToBeVisibleAsync();
        Assert.Contains((await fixture.GetAsync("/api/v1/principals?limit=1000")).AsArray(), p => (string)p!["name"]! == name);
    }

    [Fact]
    public async Task Adding_a_principal_named_admin_is_refused_in_the_form_before_anything_is_sent()
    {
        await fixture.NewProjectAsync("admin-name");
        var page = await AdminConsole.OpenAsync(fixture, Principals, Principals);
        var sent = 0;
        page.Request += (_, request) => sent += request.Method == "POST" ? 1 : 0;

        await page.GetByRole(AriaRole.Button, new() { Name = "Add principal" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, "Add principal");
        await dialog.GetByLabel("Name").FillAsync("admin");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();

        await Expect(dialog.Locator(".field-error")).ToContainTextAsync("built-in platform admin");
        Assert.Equal(0, sent);
    }

    [Fact]
    public async Task Adding_a_principal_whose_name_is_taken_shows_the_servers_refusal_in_the_dialog()
    {
        var (id, name) = await NewPrincipalAsync("lena");
        await fixture.NewProjectAsync("taken-name");
        var page = await AdminConsole.OpenAsync(fixture, Principals, Principals);

        await page.GetByRole(AriaRole.Button, new() { Name = "Add principal" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, "Add principal");
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();

        await Expect(dialog.GetByRole(AriaRole.Alert)).ToHaveTextAsync($"A principal named '{name}' already exists: {id}.");
    }

    [Fact]
    public async Task Deleting_a_principal_removes_it_from_the_list()
    {
        var (id, name) = await NewPrincipalAsync("dave");
        await fixture.NewProjectAsync("delete-principal");
        var page = await AdminConsole.OpenAsync(fixture, Principals, Principals);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, $"Delete principal {name}?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Row, new() { Name = name })).ToHaveCountAsync(0);
        Assert.DoesNotContain((await fixture.GetAsync("/api/v1/principals?limit=1000")).AsArray(), p => (string)p!["id"]! == id);
    }

    [Fact]
    public async Task A_new_token_is_shown_once_with_a_copy_button_and_never_again()
    {
        var (_, name) = await NewPrincipalAsync("erin");
        var page = await OpenPrincipalAsync(name);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);

        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var form = await AdminConsole.DialogAsync(page, $"Create a token for {name}");
        await form.GetByLabel("Description").FillAsync("laptop");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var shown = await AdminConsole.DialogAsync(page, "Token created");
        var secret = await shown.GetByLabel("Token", new() { Exact = true }).InputValueAsync();
        await shown.GetByRole(AriaRole.Button, new() { Name = "Copy Token" }).ClickAsync();
        await Expect(shown.GetByRole(AriaRole.Status)).ToHaveTextAsync("Token copied.");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        await DashboardFixture.ScreenshotAsync(page, "admin-token-shown-once");
        await shown.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        Assert.StartsWith("pal_", secret);
        Assert.Equal(secret, copied);
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Tokens of {name}" })).ToContainTextAsync("laptop");
        Assert.DoesNotContain(secret, await page.ContentAsync());
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Tokens of {name}" })).ToContainTextAsync("laptop");
        Assert.DoesNotContain(secret, await page.ContentAsync());
        using var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/whoami")).StatusCode);
    }

    [Fact]
    public async Task Revoking_a_token_stops_it_at_once()
    {
        var (id, name) = await NewPrincipalAsync("fred");
        var token = await fixture.PostAsync("/api/v1/tokens", new { principal_id = id, description = "ci" });
        var page = await OpenPrincipalAsync(name);

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke token ci" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, "Revoke this token?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Tokens of {name}" })).ToContainTextAsync("No tokens.");
        using var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token["token"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/whoami")).StatusCode);
    }

    [Fact]
    public async Task Granting_a_role_on_a_project_gives_the_principal_that_role()
    {
        var (id, name) = await NewPrincipalAsync("gina");
        var project = await fixture.NewProjectAsync($"grant-{Guid.NewGuid():N}"[..14]);
        var page = await OpenPrincipalAsync(name);

        await page.GetByRole(AriaRole.Button, new() { Name = "Grant role" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, $"Grant a role to {name}");
        await dialog.GetByLabel("Project").SelectOptionAsync(new SelectOptionValue { Label = project.Name });
        await dialog.GetByLabel("Role").SelectOptionAsync("member");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Grant" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Roles of {name}" }).GetByRole(AriaRole.Row, new() { Name = project.Name })).ToContainTextAsync("member");
        var bindings = await fixture.GetAsync($"/api/v1/role-bindings?principal_id={id}");
        Assert.Equal(project.Id, (string)bindings[0]!["project_id"]!);
        Assert.Equal("member", (string)bindings[0]!["role"]!);
        await DashboardFixture.ScreenshotAsync(page, "admin-principal-roles");
    }

    [Fact]
    public async Task Granting_a_role_other_than_admin_on_every_project_is_refused_in_the_form()
    {
        var (id, name) = await NewPrincipalAsync("hank");
        var page = await OpenPrincipalAsync(name);

        await page.GetByRole(AriaRole.Button, new() { Name = "Grant role" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, $"Grant a role to {name}");
        await dialog.GetByLabel("Project").SelectOptionAsync("*");
        await dialog.GetByLabel("Role").SelectOptionAsync("reader");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Grant" }).ClickAsync();

        await Expect(dialog.Locator(".field-error")).ToContainTextAsync("Only admin can be granted on every project.");
        Assert.Empty((await fixture.GetAsync($"/api/v1/role-bindings?principal_id={id}")).AsArray());
    }

    [Fact]
    public async Task Revoking_a_role_removes_it()
    {
        var (id, name) = await NewPrincipalAsync("iris");
        var project = await fixture.NewProjectAsync($"revoke-{Guid.NewGuid():N}"[..14]);
        await fixture.PostAsync("/api/v1/role-bindings", new { principal_id = id, role = "reader", project_id = project.Id });
        var page = await OpenPrincipalAsync(name);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke reader in {project.Name}" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, $"Revoke reader in {project.Name}?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Roles of {name}" })).ToContainTextAsync("No roles");
        Assert.Empty((await fixture.GetAsync($"/api/v1/role-bindings?principal_id={id}")).AsArray());
    }

    [Fact]
    public async Task A_new_api_key_pair_shows_its_secret_once_and_the_list_only_the_key()
    {
        var (id, name) = await NewPrincipalAsync("jack");
        var page = await OpenPrincipalAsync(name);

        await page.GetByRole(AriaRole.Button, new() { Name = "Create API key pair" }).ClickAsync();
        var shown = await AdminConsole.DialogAsync(page, "API key pair created");
        var apiKey = await shown.GetByLabel("API key", new() { Exact = true }).InputValueAsync();
        var secret = await shown.GetByLabel("Secret key", new() { Exact = true }).InputValueAsync();
        await Expect(shown.GetByRole(AriaRole.Button, new() { Name = "Copy Secret key" })).ToBeVisibleAsync();
        await shown.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"API key pairs of {name}" })).ToContainTextAsync(apiKey);
        Assert.DoesNotContain(secret, await page.ContentAsync());
        Assert.Equal(apiKey, (string)(await fixture.GetAsync($"/api/v1/principals/{id}/api-keys"))[0]!["api_key"]!);
    }

    [Fact]
    public async Task Deleting_an_api_key_pair_removes_it()
    {
        var (id, name) = await NewPrincipalAsync("kate");
        var key = (string)(await fixture.PostAsync($"/api/v1/principals/{id}/api-keys", new { }))["api_key"]!;
        var page = await OpenPrincipalAsync(name);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete API key {key[..8]}…" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, "Delete this API key pair?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"API key pairs of {name}" })).ToContainTextAsync("No API key pairs.");
        Assert.Empty((await fixture.GetAsync($"/api/v1/principals/{id}/api-keys")).AsArray());
    }
}
