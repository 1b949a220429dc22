using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

/// <summary>
/// axe-core (Deque's engine, through its Playwright binding) on every page of the dashboard, for each
/// role that reaches it: a violation of impact serious or critical fails the test, listed with the
/// elements it is on. Each page is checked once it has data (a group with rules, a port, an audit
/// event, a finding), so its tables and controls are what axe reads.
/// </summary>
public sealed class AccessibilityTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static readonly string[] Blocking = ["serious", "critical"];

    /// <summary>A project with a group "web" that has rules and a port, so every project page has something to show.</summary>
    private async Task<TestProject> ProjectWithDataAsync(string name)
    {
        var project = await fixture.NewProjectAsync(name);
        var web = await fixture.NewGroupAsync(project, "web", "web servers");
        await fixture.PostAsync($"/api/v1/security-groups/{web}/rules",
            new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 22, port_range_max = 22 });
        await fixture.NewPortAsync(project, $"{project.Prefix}.50", instanceId: "vm-a11y", groups: [web]);
        return project;
    }

    private async Task<IPage> SignInAsync(string role, TestProject project) =>
        await fixture.SignInAsync(role == "platform-admin" ? DashboardFixture.AdminToken : await fixture.TokenForAsync(role, project));

    private static async Task AssertAccessibleAsync(IPage page, string name)
    {
        await DashboardFixture.ScreenshotAsync(page, $"a11y-{name}");
        var blocking = await BlockingViolationsAsync(page);
        Assert.True(blocking.Count == 0, string.Join(Environment.NewLine, blocking));
    }

    /// <summary>axe's serious and critical violations on the page as it is now, each with the elements it is on.</summary>
    private static async Task<List<string>> BlockingViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        return [.. result.Violations.Where(v => Blocking.Contains(v.Impact)).Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Select(n => n.Html))}")];
    }

    [Fact]
    public async Task The_check_finds_a_button_without_a_name()
    {
        await ProjectWithDataAsync("a11y-self-check");
        var page = await fixture.SignInAsync(DashboardFixture.AdminToken);
        await page.EvaluateAsync("() => document.querySelector('main').append(document.createElement('button'))");

        var blocking = await BlockingViolationsAsync(page);

        Assert.Contains(blocking, v => v.StartsWith("button-name (critical)", StringComparison.Ordinal));
    }

    private static async Task OpenAsync(IPage page, string link, string heading)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_sign_in_page_has_no_serious_violations()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Palisade" })).ToBeVisibleAsync();

        await AssertAccessibleAsync(page, "sign-in");
    }

    [Fact]
    public async Task The_sign_in_page_with_a_refused_token_has_no_serious_violations()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("API token").FillAsync("pal_not_a_token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();

        await AssertAccessibleAsync(page, "sign-in-refused");
    }

    [Theory]
    [InlineData("platform-admin")]
    [InlineData("admin")]
    [InlineData("member")]
    [InlineData("reader")]
    public async Task The_security_groups_page_has_no_serious_violations(string role)
    {
        var page = await SignInAsync(role, await ProjectWithDataAsync($"a11y-groups-{role}"));

        await AssertAccessibleAsync(page, $"groups-{role}");
    }

    [Theory]
    [InlineData("platform-admin")]
    [InlineData("member")]
    [InlineData("reader")]
    public async Task The_rules_page_has_no_serious_violations(string role)
    {
        var page = await SignInAsync(role, await ProjectWithDataAsync($"a11y-rules-{role}"));
        await page.GetByRole(AriaRole.Link, new() { Name = "web", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rules of web", Level = 1 })).ToBeVisibleAsync();

        await AssertAccessibleAsync(page, $"rules-{role}");
    }

    [Theory]
    [InlineData("member", "Ports and instances", "Ports and instances")]
    [InlineData("reader", "Ports and instances", "Ports and instances")]
    [InlineData("member", "Explain a flow", "Explain a flow")]
    [InlineData("reader", "Explain a flow", "Explain a flow")]
    [InlineData("member", "Audit log", "Audit log")]
    [InlineData("reader", "Audit log", "Audit log")]
    [InlineData("member", "Lint", "Lint")]
    [InlineData("reader", "Lint", "Lint")]
    [InlineData("member", "Reachability", "Reachability")]
    [InlineData("reader", "Reachability", "Reachability")]
    public async Task A_project_page_has_no_serious_violations(string role, string link, string heading)
    {
        var page = await SignInAsync(role, await ProjectWithDataAsync($"a11y-{link.Split(' ')[0].ToLowerInvariant()}-{role}"));

        await OpenAsync(page, link, heading);

        await AssertAccessibleAsync(page, $"{link.Split(' ')[0].ToLowerInvariant()}-{role}");
    }

    [Fact]
    public async Task The_add_group_dialog_has_no_serious_violations()
    {
        var page = await SignInAsync("member", await ProjectWithDataAsync("a11y-add-dialog"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await AdminConsole.DialogAsync(page, "Add security group");

        await AssertAccessibleAsync(page, "dialog-add-group");
    }

    [Theory]
    [InlineData("Principals and access", "Principals and access")]
    [InlineData("Quotas", "Quotas")]
    [InlineData("Cloud Foundry ASGs", "Cloud Foundry ASGs")]
    [InlineData("Platform policies", "Platform policies")]
    [InlineData("Hosts and agents", "Hosts and agents")]
    public async Task An_admin_console_page_has_no_serious_violations(string link, string heading)
    {
        var project = await ProjectWithDataAsync($"a11y-admin-{link.Split(' ')[0].ToLowerInvariant()}");
        await fixture.PostAsync("/api/v1/platform-policies", new { name = "no-metadata", cidrs = new[] { "169.254.169.254/32" } });
        await fixture.PostAsync("/v3/security_groups", new { name = $"asg-{Guid.NewGuid():N}"[..12], rules = new[] { new { protocol = "tcp", destination = "10.0.0.1-10.0.0.9", ports = "443", log = true, description = "api" } } });
        await fixture.PutAsync("/api/v1/hosts/hv-a11y/status", new { applied_revision = 1, enforced_ports = Array.Empty<string>(), counters = Array.Empty<object>(), error = "nft failed" });
        var page = await fixture.SignInAsync(DashboardFixture.AdminToken);

        await OpenAsync(page, link, heading);

        await AssertAccessibleAsync(page, $"admin-{link.Split(' ')[0].ToLowerInvariant()}");
        Assert.NotNull(project);
    }

    [Fact]
    public async Task A_principals_access_page_has_no_serious_violations()
    {
        var project = await ProjectWithDataAsync("a11y-principal");
        var token = await fixture.TokenForAsync("member", project);
        var name = (string)(await GetWhoAmIAsync(token))["principal"]!;
        var page = await fixture.SignInAsync(DashboardFixture.AdminToken);
        await OpenAsync(page, "Principals and access", "Principals and access");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Manage access of {name}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Principal {name}", Level = 1 })).ToBeVisibleAsync();

        await AssertAccessibleAsync(page, "admin-principal");
    }

    [Fact]
    public async Task The_secret_shown_once_dialog_has_no_serious_violations()
    {
        await ProjectWithDataAsync("a11y-secret");
        var page = await fixture.SignInAsync(DashboardFixture.AdminToken);
        await OpenAsync(page, "Principals and access", "Principals and access");
        await page.GetByRole(AriaRole.Link, new() { Name = "Manage access of admin", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create API key pair" }).ClickAsync();
        await AdminConsole.DialogAsync(page, "API key pair created");

        await AssertAccessibleAsync(page, "admin-secret-dialog");
    }

    [Fact]
    public async Task An_asgs_page_has_no_serious_violations()
    {
        await ProjectWithDataAsync("a11y-asg");
        var name = $"asg-{Guid.NewGuid():N}"[..12];
        await fixture.PostAsync("/v3/security_groups", new { name, rules = new object[] { new { protocol = "tcp", destination = "10.0.0.0/8", ports = "80,443" }, new { protocol = "icmp", destination = "0.0.0.0/0", type = 8, code = -1 } } });
        var page = await fixture.SignInAsync(DashboardFixture.AdminToken);
        await OpenAsync(page, "Cloud Foundry ASGs", "Cloud Foundry ASGs");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Manage {name}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"ASG {name}", Level = 1 })).ToBeVisibleAsync();

        await AssertAccessibleAsync(page, "admin-asg");
    }

    [Fact]
    public async Task The_asg_rule_editor_has_no_serious_violations()
    {
        await ProjectWithDataAsync("a11y-asg-editor");
        var name = $"asg-{Guid.NewGuid():N}"[..12];
        await fixture.PostAsync("/v3/security_groups", new { name, rules = new object[] { new { protocol = "tcp", destination = "10.0.0.0/8", ports = "80,443" }, new { protocol = "icmp", destination = "0.0.0.0/0", type = 8, code = -1 } } });
        var page = await fixture.SignInAsync(DashboardFixture.AdminToken);
        await page.GotoAsync($"/#/admin/asgs/{(string)(await fixture.GetAsync($"/v3/security_groups?names={name}"))["resources"]![0]!["guid"]!}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit rules" }).ClickAsync();
        await AdminConsole.DialogAsync(page, $"Edit rules of {name}");

        await AssertAccessibleAsync(page, "admin-asg-rule-editor");
    }

    private async Task<System.Text.Json.Nodes.JsonNode> GetWhoAmIAsync(string token)
    {
        using var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/api/v1/whoami"))!;
    }
}
