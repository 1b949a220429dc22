using System.Net.Http.Headers;
using System.Text;

namespace Palisade.Server.Tests.Insight;

/// <summary>Bad requests to the insight endpoints are 4xx problem documents and change nothing, whatever the body or query.</summary>
public abstract class InsightMalformedInputTests(ServerFixture server)
{
    public static TheoryData<string, string, string?, string> BadRequests => new()
    {
        { "POST", "/api/v1/what-if", "{not json", "application/json" },
        { "POST", "/api/v1/what-if", "[]", "application/json" },
        { "POST", "/api/v1/what-if", "{\"add_rules\": 5}", "application/json" },
        { "POST", "/api/v1/what-if", "{\"remove_rule_ids\": [\"x\"], \"surprise\": 1}", "application/json" },
        { "POST", "/api/v1/what-if", "{\"add_rules\": [{\"security_group_id\": \"nope\", \"direction\": \"ingress\"}]}", "application/json" },
        { "POST", "/api/v1/what-if", "{\"add_rules\": [{\"direction\": \"ingress\"}]}", "application/json" },
        { "POST", "/api/v1/what-if", "{\"bind\": [{\"security_group_id\": null, \"port_id\": null}]}", "application/json" },
        { "POST", "/api/v1/what-if", "{\"replace_port_groups\": [{\"port_id\": \"nope\", \"security_groups\": []}]}", "application/json" },
        { "POST", "/api/v1/what-if", "{\"remove_rule_ids\": [\"nope\"]}", "text/plain" },
        { "GET", "/api/v1/lint?project_id=", null, "" },
        { "GET", "/api/v1/lint?project_id=%00%01", null, "" },
        { "GET", "/api/v1/reachability?port_id=x&direction=INGRESS", null, "" },
        { "GET", "/api/v1/reachability?port_id=&direction=", null, "" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_is_a_4xx_problem_and_changes_nothing(string method, string path, string? body, string contentType)
    {
        var before = await server.RevisionAsync();
        using var message = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await server.Client.SendAsync(message);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path} {body}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await server.RevisionAsync());
    }
}

public sealed class InsightMalformedInputTestsOnSqlite(SqliteServerFixture server) : InsightMalformedInputTests(server), IClassFixture<SqliteServerFixture>;
