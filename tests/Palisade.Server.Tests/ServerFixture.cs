using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;

namespace Palisade.Server.Tests;

/// <summary>
/// A real Palisade server on 127.0.0.1 (an ephemeral port) over a fresh SQLite file, reached over
/// HTTP exactly as clients reach it, over one of the two stores. One per test class; tests make
/// their own projects so they do not see each other.
/// </summary>
public abstract class ServerFixture : IAsyncLifetime
{
    public const string AdminToken = "test-admin-token";

    private WebApplication? app;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var store = await CreateStoreAsync();
        (app, Client) = await StartServerAsync(store, Clock, [.. Configuration]);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await DropStoreAsync();
    }

    /// <summary>
    /// The suite sends many deliberate 401s from 127.0.0.1 to one server per class; the failed-authentication
    /// limit is tested by servers of its own (AuthRateLimitTests), which set it after this.
    /// </summary>
    public static readonly string[] NoAuthRateLimit = ["--Palisade:AuthRateLimit:FailuresPerAddress=0", "--Palisade:AuthRateLimit:FailuresPerPrincipal=0"];

    /// <summary>Starts a server over the store named by <paramref name="storeArgument"/> (with more configuration, if any) and a client authorized as admin.</summary>
    public static Task<(WebApplication App, HttpClient Client)> StartServerAsync(string storeArgument, params string[] configuration) =>
        StartServerAsync(storeArgument, TimeProvider.System, configuration);

    /// <summary>As <see cref="StartServerAsync(string, string[])"/>, with the server on <paramref name="clock"/>'s time.</summary>
    public static async Task<(WebApplication App, HttpClient Client)> StartServerAsync(string storeArgument, TimeProvider clock, params string[] configuration)
    {
        var server = await PalisadeServer.BuildAsync(["--Palisade:Urls=http://127.0.0.1:0", storeArgument, $"--PALISADE_ADMIN_TOKEN={AdminToken}", .. NoAuthRateLimit, .. configuration], clock, CancellationToken.None);
        await server.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(server.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return (server, client);
    }

    /// <summary>The clock the server runs on.</summary>
    protected virtual TimeProvider Clock => TimeProvider.System;

    /// <summary>Configuration the server starts with besides its store and admin token.</summary>
    protected virtual IEnumerable<string> Configuration => [];

    /// <summary>Makes an empty store and returns the server argument that selects it.</summary>
    protected abstract Task<string> CreateStoreAsync();

    protected abstract Task DropStoreAsync();

    /// <summary>Sends as the platform admin, or as <paramref name="caller"/> (see <see cref="ClientForAsync"/>).</summary>
    public async Task<JsonNode> PostAsync(string path, object body, int expectedStatus = 201, HttpClient? caller = null)
    {
        using var response = await (caller ?? Client).PostAsJsonAsync(path, body);
        return await ReadAsync(response, expectedStatus);
    }

    public async Task<JsonNode> GetAsync(string path, int expectedStatus = 200, HttpClient? caller = null)
    {
        using var response = await (caller ?? Client).GetAsync(path);
        return await ReadAsync(response, expectedStatus);
    }

    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, object? body, int expectedStatus, HttpClient? caller = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await (caller ?? Client).SendAsync(request);
        return response.StatusCode == System.Net.HttpStatusCode.NoContent && expectedStatus == 204 ? null : await ReadAsync(response, expectedStatus);
    }

    /// <summary>
    /// A client for a new principal with <paramref name="role"/> in <paramref name="projectId"/>
    /// (or platform admin when the project is null), made through the identity API as an admin would.
    /// </summary>
    public async Task<HttpClient> ClientForAsync(string? projectId, string role)
    {
        var principal = await NewPrincipalAsync(projectId, role);
        var client = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = Client.Timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", principal.Token);
        return client;
    }

    /// <summary>
    /// A new principal with <paramref name="role"/> in <paramref name="projectId"/> (or platform admin
    /// when the project is null) and a token: its Keystone username and password.
    /// </summary>
    public async Task<TestPrincipal> NewPrincipalAsync(string? projectId, string role)
    {
        var principal = await PostAsync("/api/v1/principals", new { name = $"{role}-{Guid.NewGuid():N}" });
        var token = await PostAsync("/api/v1/tokens", new { principal_id = (string)principal["id"]! });
        await PostAsync("/api/v1/role-bindings", new { principal_id = (string)principal["id"]!, role, project_id = projectId });
        return new TestPrincipal((string)principal["id"]!, (string)principal["name"]!, (string)token["token"]!);
    }

    public async Task<long> RevisionAsync() => (long)(await GetAsync("/healthz"))["revision"]!;

    /// <summary>A new project, its default group id, a network and a 198.18.x.0/24 subnet.</summary>
    public async Task<TestProject> NewProjectAsync(string groupsManagedBy = "project")
    {
        var name = "p-" + Guid.NewGuid().ToString("N")[..6];
        var project = await PostAsync("/api/v1/projects", new { name, groups_managed_by = groupsManagedBy });
        var id = (string)project["id"]!;
        var groups = await GetAsync($"/api/v1/security-groups?project_id={id}");
        var network = await PostAsync("/api/v1/networks", new { project_id = id, name = "net" });
        var octet = Random.Shared.Next(0, 256);
        var subnet = await PostAsync("/api/v1/subnets", new { network_id = (string)network["id"]!, cidr = $"198.18.{octet}.0/24" });
        return new TestProject(id, name, (string)groups[0]!["id"]!, (string)network["id"]!, (string)subnet["id"]!, $"198.18.{octet}");
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        if (expectedStatus >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false }) ?? throw new InvalidOperationException("empty body");
    }
}
