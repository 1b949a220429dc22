using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>The native API (and Neutron's /v2.0, which takes the token in X-Auth-Token) as the platform admin, asserting the status of every answer.</summary>
public sealed class PalisadeApi(Uri server, string token) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) })
    {
        BaseAddress = server,
        Timeout = TimeSpan.FromSeconds(20),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    public Task<JsonNode> PostAsync(string path, object body, int expectedStatus = 201) => SendAsync(HttpMethod.Post, path, body, expectedStatus)!;

    public Task<JsonNode> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, 200)!;

    public async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body, int expectedStatus)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (path.StartsWith("/v2.0/", StringComparison.Ordinal))
        {
            request.Headers.Add("X-Auth-Token", token);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"{method} {path}: expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public Task DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null, 204);

    public async Task<long> RevisionAsync() => (long)(await GetAsync("/healthz"))["revision"]!;

    /// <summary>A group of the project with the given rules (and the server's default egress rules); returns its id.</summary>
    public async Task<string> GroupAsync(string projectId, string name, object[] rules, bool stateful = true)
    {
        var group = await PostAsync("/api/v1/security-groups", new { project_id = projectId, name, stateful });
        var id = (string)group["id"]!;
        if (rules.Length > 0)
        {
            await PostAsync($"/api/v1/security-groups/{id}/rules", new { rules });
        }

        return id;
    }

    /// <summary>Adds one rule to a group and returns the rule's id.</summary>
    public async Task<string> RuleAsync(string groupId, object rule) =>
        (string)(await PostAsync($"/api/v1/security-groups/{groupId}/rules", rule))[0]!["id"]!;

    public void Dispose() => http.Dispose();
}
