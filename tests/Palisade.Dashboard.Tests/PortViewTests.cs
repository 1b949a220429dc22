using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Palisade.Dashboard.Tests;

/// <summary>A port's page: every rule in force with where it comes from, and whether its host enforces the current revision.</summary>
public sealed class PortViewTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private async Task<(TestProject Project, string Port, string Host)> PortWithGroupsAsync(string name)
    {
        var project = await fixture.NewProjectAsync(name);
        var web = await fixture.NewGroupAsync(project, "web");
        await fixture.PostAsync($"/api/v1/security-groups/{web}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443, remote_ip_prefix = "0.0.0.0/0", description = "https" });
        var ssh = await fixture.NewGroupAsync(project, "ssh");
        await fixture.PostAsync($"/api/v1/security-groups/{ssh}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22, remote_ip_prefix = "203.0.113.0/24", description = "ssh from the office" });
        var instance = $"vm-{name}";
        await fixture.PostAsync("/api/v1/bindings", new { group_id = ssh, scope = "instance", target_id = instance });
        var host = $"hv-{Guid.NewGuid():N}"[..12];
        var port = (string)(await fixture.PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = $"{project.Prefix}.40" } },
            instance_id = instance,
            security_groups = new[] { web },
            host,
        }))["id"]!;
        return (project, port, host);
    }

    private async Task ReportAsync(string host, long revision, params string[] ports) =>
        await fixture.PutAsync($"/api/v1/hosts/{host}/status", new { applied_revision = revision, enforced_ports = ports, counters = Array.Empty<object>() });

    private async Task<long> RevisionAsync() => (long)(await fixture.GetAsync("/healthz"))["revision"]!;

    [Fact]
    public async Task The_port_link_opens_its_effective_rules_with_the_group_and_scope_of_each()
    {
        var (project, port, host) = await PortWithGroupsAsync("port-view");
        var token = await fixture.TokenForAsync("member", project);
        await ReportAsync(host, await RevisionAsync(), port); // after the last write, as an agent reports the revision it applied
        var page = await fixture.SignInAsync(token);
        await page.GotoAsync($"/#/p/{project.Id}/ports");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Port {port}" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Port {project.Prefix}.40", Level = 1 })).ToBeFocusedAsync();
        var rules = page.GetByRole(AriaRole.Table, new() { Name = $"Effective rules of port {port}" });
        await Expect(rules.GetByRole(AriaRole.Row, new() { Name = "https" })).ToContainTextAsync("this port");
        await Expect(rules.GetByRole(AriaRole.Row, new() { Name = "https" })).ToContainTextAsync("web");
        await Expect(rules.GetByRole(AriaRole.Row, new() { Name = "ssh from the office" })).ToContainTextAsync("instance vm-port-view");
        var groups = page.GetByRole(AriaRole.Table, new() { Name = $"Security groups of port {port}" });
        await Expect(groups.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator(".enforcement")).ToContainTextAsync("In sync");
        await Expect(page.GetByText("only platform admins see them")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ports and instances" }).First).ToHaveAttributeAsync("aria-current", "page");
        await DashboardFixture.ScreenshotAsync(page, "port-effective-rules-member");
    }

    [Fact]
    public async Task A_host_behind_the_current_revision_shows_applying_with_both_revisions()
    {
        var (project, port, host) = await PortWithGroupsAsync("port-applying");
        var revision = await RevisionAsync();
        await ReportAsync(host, revision - 1);
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("reader", project));

        await page.GotoAsync($"/#/p/{project.Id}/port/{port}");

        await Expect(page.Locator(".enforcement")).ToContainTextAsync("Applying");
        await Expect(page.Locator(".enforcement")).ToContainTextAsync($"revision {revision - 1}");
        await DashboardFixture.ScreenshotAsync(page, "port-applying-reader");
    }

    [Fact]
    public async Task A_host_that_never_reported_shows_agent_down()
    {
        var (project, port, _) = await PortWithGroupsAsync("port-down");
        var page = await fixture.SignInAsync(await fixture.TokenForAsync("reader", project));

        await page.GotoAsync($"/#/p/{project.Id}/port/{port}");

        await Expect(page.Locator(".enforcement")).ToContainTextAsync("Agent down");
        await Expect(page.Locator(".enforcement")).ToContainTextAsync("never reported");
    }

    [Fact]
    public async Task A_platform_admin_also_sees_the_platform_policies_in_force()
    {
        var (project, port, _) = await PortWithGroupsAsync("port-admin");
        var policy = await fixture.PostAsync("/api/v1/platform-policies", new { name = "embargo-dashboard", cidrs = new[] { "192.0.2.0/24" } });
        try
        {
            var page = await fixture.SignInAsync(DashboardFixture.AdminToken);

            await page.GotoAsync($"/#/p/{project.Id}/port/{port}");

            await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Platform policies (drop before any rule)" }).GetByRole(AriaRole.Row, new() { Name = "embargo-dashboard" }))
                .ToContainTextAsync("192.0.2.0/24");
            await DashboardFixture.ScreenshotAsync(page, "port-platform-admin");
        }
        finally
        {
            using var deleted = await fixture.Admin.DeleteAsync($"/api/v1/platform-policies/{(string)policy["id"]!}");
        }
    }
}
