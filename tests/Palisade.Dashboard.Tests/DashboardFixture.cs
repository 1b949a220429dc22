using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Palisade.Server;

namespace Palisade.Dashboard.Tests;

/// <summary>
/// A real Palisade server (127.0.0.1, an ephemeral port, a fresh SQLite file) and Debian's headless
/// Chromium driven by Playwright. One per test class; each test makes its own projects and opens its
/// own browser context, so tests neither share state nor a session.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string AdminToken = "dashboard-test-admin-token";

    /// <summary>Debian's Chromium: the tests never download a browser.</summary>
    private const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// Every wait is bounded: an element that does not come in this time fails the test. Generous,
    /// because the suite runs two test projects at once on two cores and a page may wait its turn.
    /// </summary>
    public const float Timeout = 30_000;

    private readonly string directory = Path.Combine(Path.GetTempPath(), $"palisade-dashboard-{Guid.NewGuid():N}");
    private WebApplication? server;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        server = await PalisadeServer.BuildAsync([
            "--Palisade:Urls=http://127.0.0.1:0",
            $"--Palisade:Database={Path.Combine(directory, "palisade.db")}",
            $"--PALISADE_ADMIN_TOKEN={AdminToken}",
        ]);
        await server.StartAsync();
        BaseUrl = server.Urls.First();
        Admin = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);

        playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(Timeout);
        Browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Timeout = Timeout });
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
        Admin.Dispose();
        if (server is not null)
        {
            await server.StopAsync();
            await server.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS's temp cleanup; the test results do not depend on it.
        }
    }

    /// <summary>A fresh browser page whose waits are bounded.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(Timeout);
        context.SetDefaultNavigationTimeout(Timeout);
        return await context.NewPageAsync();
    }

    /// <summary>Opens the dashboard, signs in with <paramref name="token"/> and waits for the first page.</summary>
    public async Task<IPage> SignInAsync(string token)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Security groups", Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    public async Task<JsonNode> PostAsync(string path, object body)
    {
        using var response = await Admin.PostAsJsonAsync(path, body);
        return await ReadAsync(response);
    }

    public async Task<JsonNode> PutAsync(string path, object body)
    {
        using var response = await Admin.PutAsJsonAsync(path, body);
        return await ReadAsync(response);
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        using var response = await Admin.GetAsync(path);
        return await ReadAsync(response);
    }

    /// <summary>A project with a network and a 198.18.x.0/24 subnet; its default group's id.</summary>
    public async Task<TestProject> NewProjectAsync(string name, string groupsManagedBy = "project")
    {
        var project = await PostAsync("/api/v1/projects", new { name, groups_managed_by = groupsManagedBy });
        var id = (string)project["id"]!;
        var groups = await GetAsync($"/api/v1/security-groups?project_id={id}");
        var network = await PostAsync("/api/v1/networks", new { project_id = id, name = "net" });
        var octet = Random.Shared.Next(0, 256);
        var subnet = await PostAsync("/api/v1/subnets", new { network_id = (string)network["id"]!, cidr = $"198.18.{octet}.0/24" });
        return new TestProject(id, name, (string)groups[0]!["id"]!, (string)network["id"]!, (string)subnet["id"]!, $"198.18.{octet}");
    }

    public async Task<string> NewGroupAsync(TestProject project, string name, string description = "") =>
        (string)(await PostAsync("/api/v1/security-groups", new { project_id = project.Id, name, description }))["id"]!;

    public async Task<string> NewPortAsync(TestProject project, string address, string? instanceId = null, IReadOnlyList<string>? groups = null) =>
        (string)(await PostAsync("/api/v1/ports", new
        {
            project_id = project.Id,
            network_id = project.NetworkId,
            fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = address } },
            instance_id = instanceId,
            security_groups = groups,
        }))["id"]!;

    /// <summary>A token of a new principal with <paramref name="role"/> in each project, made through the identity API as an admin would.</summary>
    public async Task<string> TokenForAsync(string role, params TestProject[] projects)
    {
        var principal = await PostAsync("/api/v1/principals", new { name = $"{role}-{Guid.NewGuid():N}"[..16] });
        var id = (string)principal["id"]!;
        var token = await PostAsync("/api/v1/tokens", new { principal_id = id });
        foreach (var project in projects)
        {
            await PostAsync("/api/v1/role-bindings", new { principal_id = id, role, project_id = project.Id });
        }

        return (string)token["token"]!;
    }

    /// <summary>
    /// Saves what the page shows as a test artifact: NAME.png in artifacts/test-results/screenshots of
    /// the checkout, beside the results scripts/test.sh collects (artifacts/test-results), or in
    /// screenshots/ beside the test assembly when it runs outside a checkout.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Palisade.slnx")))
            {
                folder = Path.Combine(directory.FullName, "artifacts", "test-results", "screenshots");
                break;
            }
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
