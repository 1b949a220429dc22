using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Insight;

public sealed class InsightOpenApiTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>
{
    [Theory]
    [InlineData("/api/v1/lint", "get")]
    [InlineData("/api/v1/reachability", "get")]
    [InlineData("/api/v1/what-if", "post")]
    public async Task The_openapi_document_declares_the_insight_endpoint_and_its_400(string path, string method)
    {
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        Assert.NotNull(document["paths"]![path]![method]!["responses"]!["400"]);
    }
}
