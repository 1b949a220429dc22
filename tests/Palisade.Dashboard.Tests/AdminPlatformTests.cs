using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

/// <summary>Platform → Quotas, Cloud Foundry ASGs, Platform policies and Hosts, as a platform admin.</summary>
public sealed class AdminPlatformTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..14];

    private async Task<JsonNode> NewAsgAsync(string name, object? rules = null, object? globallyEnabled = null) =>
        await fixture.PostAsync("/v3/security_groups", new { name, rules = rules ?? Array.Empty<object>(), globally_enabled = globallyEnabled ?? new { running = false, staging = false } });

    private async Task<IPage> OpenAsgAsync(string name)
    {
        var page = await AdminConsole.OpenAsync(fixture, "Cloud Foundry ASGs", "Cloud Foundry ASGs");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Manage {name}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"ASG {name}", Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task Editing_a_projects_quota_saves_the_new_limits()
    {
        var project = await fixture.NewProjectAsync(Unique("quota"));
        var page = await AdminConsole.OpenAsync(fixture, "Quotas", "Quotas");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit quotas of {project.Name}" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, $"Edit quotas of {project.Name}");
        await dialog.GetByLabel("Security groups").FillAsync("25");
        await dialog.GetByLabel("Groups per port").FillAsync("-1");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var row = page.GetByRole(AriaRole.Row, new() { Name = project.Name });
        await Expect(row).ToContainTextAsync("25");
        await Expect(row).ToContainTextAsync("Unlimited");
        var quota = await fixture.GetAsync($"/api/v1/quotas/{project.Id}");
        Assert.Equal(25, (int)quota["security_groups"]!);
        Assert.Equal(-1, (int)quota["groups_per_port"]!);
        await DashboardFixture.ScreenshotAsync(page, "admin-quotas");
    }

    [Fact]
    public async Task A_quota_below_minus_one_is_refused_in_the_form_and_nothing_changes()
    {
        var project = await fixture.NewProjectAsync(Unique("quota-bad"));
        var page = await AdminConsole.OpenAsync(fixture, "Quotas", "Quotas");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit quotas of {project.Name}" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, $"Edit quotas of {project.Name}");
        await dialog.GetByLabel("Rules per group").FillAsync("-5");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(dialog.Locator(".field-error")).ToContainTextAsync("-1 for unlimited");
        Assert.Equal(100, (int)(await fixture.GetAsync($"/api/v1/quotas/{project.Id}"))["rules_per_group"]!);
    }

    [Fact]
    public async Task Creating_an_asg_opens_it_with_no_rules()
    {
        await fixture.NewProjectAsync(Unique("asg-new"));
        var page = await AdminConsole.OpenAsync(fixture, "Cloud Foundry ASGs", "Cloud Foundry ASGs");
        var name = Unique("outbound");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create ASG" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, "Create ASG");
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"ASG {name}", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Rules of {name}" })).ToContainTextAsync("No rules");
        var listed = await fixture.GetAsync($"/v3/security_groups?names={name}");
        Assert.Single(listed["resources"]!.AsArray());
    }

    [Fact]
    public async Task Editing_an_asgs_rules_stores_them_in_cloud_foundrys_shape()
    {
        await fixture.NewProjectAsync(Unique("asg-rules"));
        var name = Unique("egress");
        var guid = (string)(await NewAsgAsync(name, new[] { new { protocol = "tcp", destination = "10.0.0.0/8", ports = "443" } }))["guid"]!;
        var page = await OpenAsgAsync(name);

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit rules" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, $"Edit rules of {name}");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        var second = dialog.GetByRole(AriaRole.Group, new() { Name = "Rule 2" });
        await second.GetByLabel("Destination").FillAsync("10.0.0.1-10.0.0.9,192.168.1.0/24");
        await second.GetByLabel("Ports").FillAsync("80,8080");
        await second.GetByLabel("Log connections").CheckAsync();
        await second.GetByLabel("Description").FillAsync("web backends");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        var third = dialog.GetByRole(AriaRole.Group, new() { Name = "Rule 3" });
        await third.GetByLabel("Protocol").SelectOptionAsync("icmp");
        await third.GetByLabel("Destination").FillAsync("0.0.0.0/0");
        await third.GetByLabel("ICMP type").FillAsync("8");
        await third.GetByLabel("ICMP code").FillAsync("-1");
        await DashboardFixture.ScreenshotAsync(page, "admin-asg-rule-editor");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save rules" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Rules of {name}" }).Locator("tbody tr")).ToHaveCountAsync(3);
        var rules = (await fixture.GetAsync($"/v3/security_groups/{guid}"))["rules"]!.AsArray();
        Assert.Equal("""{"protocol":"tcp","destination":"10.0.0.1-10.0.0.9,192.168.1.0/24","ports":"80,8080","log":true,"description":"web backends"}""", rules[1]!.ToJsonString());
        Assert.Equal("""{"protocol":"icmp","destination":"0.0.0.0/0","type":8,"code":-1}""", rules[2]!.ToJsonString());
        await DashboardFixture.ScreenshotAsync(page, "admin-asg");
    }

    [Fact]
    public async Task A_rule_the_server_refuses_shows_capis_message_in_the_editor()
    {
        await fixture.NewProjectAsync(Unique("asg-refused"));
        var name = Unique("refused");
        await NewAsgAsync(name);
        var page = await OpenAsgAsync(name);

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit rules" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, $"Edit rules of {name}");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        var rule = dialog.GetByRole(AriaRole.Group, new() { Name = "Rule 1" });
        await rule.GetByLabel("Destination").FillAsync("10.0.0.300");
        await rule.GetByLabel("Ports").FillAsync("443");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save rules" }).ClickAsync();

        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("destination must contain valid CIDR(s), IP address(es), or IP address range(s)");
    }

    [Fact]
    public async Task Binding_an_asg_to_a_space_for_staging_lists_the_space()
    {
        var space = await fixture.NewProjectAsync(Unique("space"), groupsManagedBy: "platform");
        var name = Unique("staging");
        var guid = (string)(await NewAsgAsync(name))["guid"]!;
        var page = await OpenAsgAsync(name);

        await page.GetByRole(AriaRole.Button, new() { Name = "Bind to space" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, $"Bind {name} to a space");
        await dialog.GetByLabel("Space").SelectOptionAsync(new SelectOptionValue { Label = space.Name });
        await dialog.GetByLabel("Lifecycle").SelectOptionAsync("staging");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Bind" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Staging spaces of {name}" })).ToContainTextAsync(space.Name);
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Running spaces of {name}" })).Not.ToContainTextAsync(space.Name);
        var staging = (await fixture.GetAsync($"/v3/security_groups/{guid}"))["relationships"]!["staging_spaces"]!["data"]!.AsArray();
        Assert.Equal(space.Id, (string)staging.Single()!["guid"]!);
    }

    [Fact]
    public async Task Unbinding_a_space_from_running_removes_it()
    {
        var space = await fixture.NewProjectAsync(Unique("space-un"), groupsManagedBy: "platform");
        var name = Unique("running");
        var guid = (string)(await NewAsgAsync(name))["guid"]!;
        await fixture.PostAsync($"/v3/security_groups/{guid}/relationships/running_spaces", new { data = new[] { new { guid = space.Id } } });
        var page = await OpenAsgAsync(name);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Unbind {space.Name} (running)" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, $"Unbind {space.Name} from {name} for running?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Unbind" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Running spaces of {name}" })).ToContainTextAsync("No space bound.");
        Assert.Empty((await fixture.GetAsync($"/v3/security_groups/{guid}"))["relationships"]!["running_spaces"]!["data"]!.AsArray());
    }

    [Fact]
    public async Task Enabling_an_asg_globally_for_running_applies_it_to_every_space()
    {
        await fixture.NewProjectAsync(Unique("asg-global"));
        var name = Unique("global");
        var guid = (string)(await NewAsgAsync(name))["guid"]!;
        var page = await OpenAsgAsync(name);

        await page.GetByLabel("Running: applies to every space").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save global settings" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Running spaces of {name}" })).ToContainTextAsync("globally enabled");
        var enabled = (await fixture.GetAsync($"/v3/security_groups/{guid}"))["globally_enabled"]!;
        Assert.True((bool)enabled["running"]!);
        Assert.False((bool)enabled["staging"]!);
    }

    [Fact]
    public async Task Adding_a_platform_policy_lists_it()
    {
        await fixture.NewProjectAsync(Unique("policy"));
        var page = await AdminConsole.OpenAsync(fixture, "Platform policies", "Platform policies");
        var name = Unique("no-smtp");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add policy" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, "Add platform policy");
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByLabel("Direction").SelectOptionAsync("egress");
        await dialog.GetByLabel("Ports").FillAsync("25");
        await dialog.GetByLabel("Addresses").FillAsync("0.0.0.0/0");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();

        var row = page.GetByRole(AriaRole.Row, new() { Name = name });
        await Expect(row).ToContainTextAsync("egress");
        await Expect(row).ToContainTextAsync("25");
        var policy = (await fixture.GetAsync("/api/v1/platform-policies")).AsArray().Single(p => (string)p!["name"]! == name)!;
        Assert.Equal(25, (int)policy["port_range_min"]!);
        Assert.Equal("0.0.0.0/0", (string)policy["cidrs"]![0]!);
        await DashboardFixture.ScreenshotAsync(page, "admin-platform-policies");
    }

    [Fact]
    public async Task A_platform_policy_with_an_address_that_is_not_a_cidr_shows_the_servers_refusal_on_the_field()
    {
        await fixture.NewProjectAsync(Unique("policy-bad"));
        var page = await AdminConsole.OpenAsync(fixture, "Platform policies", "Platform policies");
        var name = Unique("bad");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add policy" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, "Add platform policy");
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByLabel("Addresses").FillAsync("10.0.0.0/33");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();

        await Expect(dialog.Locator(".field-error")).ToContainTextAsync("'10.0.0.0/33' is not a CIDR.");
        Assert.DoesNotContain((await fixture.GetAsync("/api/v1/platform-policies")).AsArray(), p => (string)p!["name"]! == name);
    }

    [Fact]
    public async Task Deleting_a_platform_policy_removes_it()
    {
        await fixture.NewProjectAsync(Unique("policy-del"));
        var name = Unique("metadata");
        await fixture.PostAsync("/api/v1/platform-policies", new { name, cidrs = new[] { "169.254.169.254/32" } });
        var page = await AdminConsole.OpenAsync(fixture, "Platform policies", "Platform policies");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}" }).ClickAsync();
        var dialog = await AdminConsole.DialogAsync(page, $"Delete platform policy {name}?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Row, new() { Name = name })).ToHaveCountAsync(0);
        Assert.DoesNotContain((await fixture.GetAsync("/api/v1/platform-policies")).AsArray(), p => (string)p!["name"]! == name);
    }

    [Fact]
    public async Task The_hosts_page_shows_an_agent_behind_with_its_last_error_and_one_in_sync()
    {
        var project = await fixture.NewProjectAsync(Unique("hosts"));
        var behind = Unique("hv-behind");
        var synced = Unique("hv-synced");
        foreach (var (host, octet) in new[] { (behind, 40), (synced, 41) })
        {
            await fixture.PostAsync("/api/v1/ports", new
            {
                project_id = project.Id,
                network_id = project.NetworkId,
                fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = $"{project.Prefix}.{octet}" } },
                host,
            });
        }

        var old = (long)(await fixture.GetAsync("/healthz"))["revision"]!;
        await fixture.NewGroupAsync(project, "later");
        var current = (long)(await fixture.GetAsync("/healthz"))["revision"]!;
        await fixture.PutAsync($"/api/v1/hosts/{behind}/status", new { applied_revision = old, enforced_ports = Array.Empty<string>(), counters = Array.Empty<object>(), error = "nft: No such file or directory" });
        await fixture.PutAsync($"/api/v1/hosts/{synced}/status", new { applied_revision = current, enforced_ports = Array.Empty<string>(), counters = Array.Empty<object>() });

        var page = await AdminConsole.OpenAsync(fixture, "Hosts and agents", "Hosts and agents");

        var behindRow = page.GetByRole(AriaRole.Row, new() { Name = behind });
        await Expect(behindRow).ToContainTextAsync("Behind");
        await Expect(behindRow).ToContainTextAsync("nft: No such file or directory");
        await Expect(behindRow).ToContainTextAsync(old.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = synced })).ToContainTextAsync("In sync");
        await DashboardFixture.ScreenshotAsync(page, "admin-hosts");
    }
}
