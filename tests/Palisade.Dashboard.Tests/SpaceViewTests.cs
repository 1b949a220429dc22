using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

/// <summary>
/// A Cloud Foundry space's Security groups page and an ASG's page, as a space developer (a member of
/// the space's project) and a space auditor (a reader) see them: the ASGs of running and staging apps
/// apart, globally enabled ones marked, rules one row per CF rule, and nothing that writes.
/// </summary>
public sealed class SpaceViewTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    /// <summary>CAPI's documented example rules (3 CF rules, 2 + 1 + 3×3 = 12 native rules once expanded).</summary>
    private static readonly object[] ThreeRules =
    [
        new { protocol = "tcp", destination = "10.10.10.0/24", ports = "443,80,8080", description = "web services" },
        new { protocol = "icmp", destination = "10.10.10.0/24", type = 8, code = 0, description = "Allow ping requests to private services" },
        new { protocol = "tcp", destination = "1.1.1.1,2.2.2.2/24,10.0.0.0-10.0.0.255", ports = "80,443,8080", log = true, description = "partners" },
    ];

    private async Task<(TestProject Space, string Running, string Global)> SpaceWithAsgsAsync(string name)
    {
        var space = await fixture.NewProjectAsync(name, groupsManagedBy: "platform");
        var running = (string)(await fixture.PostAsync("/v3/security_groups", new
        {
            name = $"{name}-backend",
            rules = ThreeRules,
            relationships = new { running_spaces = new { data = new[] { new { guid = space.Id } } } },
        }))["guid"]!;
        var global = (string)(await fixture.PostAsync("/v3/security_groups", new
        {
            name = $"{name}-dns",
            globally_enabled = new { staging = true },
            rules = new[] { new { protocol = "udp", destination = "0.0.0.0/0", ports = "53", description = "dns" } },
        }))["guid"]!;
        return (space, running, global);
    }

    [Theory]
    [InlineData("member", "space-developer")]
    [InlineData("reader", "space-auditor")]
    public async Task A_space_role_sees_the_asgs_of_running_and_staging_apps_apart_with_cf_rules_and_no_control(string role, string cfRole)
    {
        var (space, _, _) = await SpaceWithAsgsAsync($"cf-{role}");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync(role, space));
        await page.GotoAsync($"/#/p/{space.Id}/groups");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Security groups of space {space.Name}", Level = 1 })).ToBeVisibleAsync();
        var running = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Running apps" }) });
        var staging = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Staging apps" }) });
        var backend = running.GetByRole(AriaRole.Article, new() { Name = $"{space.Name}-backend" });
        await Expect(backend).ToContainTextAsync("Bound to this space");
        var rows = backend.GetByRole(AriaRole.Table).Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0)).ToContainTextAsync("443, 80, 8080");
        await Expect(rows.Nth(1)).ToContainTextAsync("type 8, code 0");
        await Expect(rows.Nth(2).GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["1.1.1.1", "2.2.2.2/24", "10.0.0.0-10.0.0.255"]);
        await Expect(rows.Nth(2)).ToContainTextAsync("Yes");
        await Expect(running.GetByRole(AriaRole.Article, new() { Name = $"{space.Name}-dns" })).ToHaveCountAsync(0);
        await Expect(staging.GetByRole(AriaRole.Article, new() { Name = $"{space.Name}-dns" })).ToContainTextAsync("Globally enabled");
        await Expect(staging.GetByRole(AriaRole.Article, new() { Name = $"{space.Name}-backend" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("space roles can view them, not change them");
        await Expect(page.Locator("main button, main form")).ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, $"space-view-{cfRole}");
    }

    [Theory]
    [InlineData("member", "space-developer")]
    [InlineData("reader", "space-auditor")]
    public async Task The_asg_name_opens_its_page_with_its_rules_and_the_api_refuses_the_space_role_a_change(string role, string cfRole)
    {
        var (space, running, _) = await SpaceWithAsgsAsync($"asg-{role}");
        var token = await fixture.TokenForAsync(role, space);
        var page = await fixture.SignInAsync(token);
        await page.GotoAsync($"/#/p/{space.Id}/groups");

        await page.GetByRole(AriaRole.Link, new() { Name = $"{space.Name}-backend" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Application security group {space.Name}-backend" })).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Rules of {space.Name}-backend" }).Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Bound to this space");
        await Expect(page.Locator("main button, main form")).ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, $"asg-page-{cfRole}");
        using var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var patch = await client.PatchAsync($"/v3/security_groups/{running}", System.Net.Http.Json.JsonContent.Create(new { name = "renamed" }));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, patch.StatusCode);
        var rules = await fixture.GetAsync($"/api/v1/security-groups/{running}/rules");
        using var put = await client.PutAsync($"/api/v1/security-groups/{running}/rules/{(string)rules[0]!["id"]!}", System.Net.Http.Json.JsonContent.Create(new { direction = "egress" }));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, put.StatusCode);
    }
}
