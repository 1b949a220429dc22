using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

/// <summary>The Flow logs view and the rule form's Log box (docs/flow-logs.md).</summary>
public sealed class FlowLogsTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task The_flow_logs_view_shows_a_dropped_packet_and_refreshes_to_show_the_next_one()
    {
        var project = await fixture.NewProjectAsync("flowlogs");
        var host = "hv-" + Guid.NewGuid().ToString("N")[..8];
        var port = (string)(await fixture.PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = $"{project.Prefix}.31" } },
            host,
        }))["id"]!;
        await PostRecordAsync(host, port, "198.51.100.41");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("reader", project));

        await page.GetByRole(AriaRole.Link, new() { Name = "Flow logs" }).ClickAsync();
        var records = page.GetByRole(AriaRole.Table, new() { NameRegex = new Regex("^Flow logs of") });
        await Expect(records.GetByRole(AriaRole.Row).Filter(new() { HasText = "198.51.100.41:40000" })).ToContainTextAsync("Dropped");
        await DashboardFixture.ScreenshotAsync(page, "flow-logs");

        await PostRecordAsync(host, port, "198.51.100.42");
        await Expect(records.GetByRole(AriaRole.Row).Filter(new() { HasText = "198.51.100.42:40000" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task The_log_box_of_the_rule_form_adds_a_logged_rule()
    {
        var project = await fixture.NewProjectAsync("rule-log");
        var group = await fixture.NewGroupAsync(project, "audited");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("member", project));
        await page.GotoAsync($"/#/p/{project.Id}/groups/{group}");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New rule" });

        await form.GetByLabel("Port range from").FillAsync("5432");
        await form.GetByLabel("Remote IP prefix").FillAsync("10.1.0.0/16");
        await form.GetByLabel("Description").FillAsync("logged database");
        await form.GetByLabel("Log", new() { Exact = true }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "logged database" })).ToBeVisibleAsync();

        var rules = (await fixture.GetAsync($"/api/v1/security-groups/{group}/rules")).AsArray();
        Assert.True((bool)rules.Single(r => (string?)r!["description"] == "logged database")!["log"]!);
    }

    private Task PostRecordAsync(string host, string port, string source) =>
        fixture.PostAsync($"/api/v1/hosts/{host}/flow-logs", new
        {
            records = new[]
            {
                new
                {
                    port_id = port, direction = "ingress", verdict = "drop", protocol = 6, source, destination = "198.18.0.31",
                    source_port = 40000, destination_port = 3306, packets = 1, bytes = 60, first_seen = DateTimeOffset.UtcNow, last_seen = DateTimeOffset.UtcNow,
                },
            },
        });
}
