using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

public sealed class OperationsTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/security-groups", paths);
        Assert.Contains("/api/v1/security-groups/{groupId}/rules", paths);
        Assert.Contains("/api/v1/explain", paths);
    }

    [Fact]
    public async Task Metrics_count_requests_and_show_the_revision()
    {
        await server.NewProjectAsync();
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        var text = await client.GetStringAsync("/metrics");

        Assert.Contains("palisade_http_requests_total{method=\"POST\",route=\"/api/v1/projects/\",status=\"201\"}", text);
        Assert.Contains("palisade_http_request_duration_seconds_count", text);
        Assert.Matches(@"palisade_revision [1-9]\d*", text);
        Assert.Contains("palisade_watchers 0", text);
    }
}
