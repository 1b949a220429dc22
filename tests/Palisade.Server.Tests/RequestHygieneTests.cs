using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Palisade.Server.Tests;

/// <summary>What a careless or hostile client sends gets a 4xx problem and changes nothing.</summary>
public abstract class RequestHygieneTests(ServerFixture server)
{
    [Theory]
    [InlineData("{\"name\": 5}")]
    [InlineData("{\"name\": \"x\", \"colour\": \"red\"}")]
    [InlineData("{\"name\": ")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"text\"")]
    public async Task Malformed_bodies_are_400_problems_and_change_nothing(string body)
    {
        var before = await server.RevisionAsync();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync("/api/v1/projects", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task An_unknown_field_is_named_in_the_problem()
    {
        var problem = await server.PostAsync("/api/v1/projects", new { name = "x", colour = "red" }, 400);
        Assert.NotNull(problem["errors"]!["colour"]);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        using var content = new StringContent("name=x", Encoding.UTF8, "text/plain");
        using var response = await server.Client.PostAsync("/api/v1/projects", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task A_huge_body_is_refused_without_a_5xx()
    {
        // Expect: 100-continue lets the server refuse before the body is sent; without it the client may
        // still be writing the 2 MB when the server answers 413 and closes, and see a reset instead.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects")
        {
            Content = new StringContent("{\"name\":\"" + new string('x', 2_000_000) + "\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Requests_without_the_right_token_are_401(string? authorization)
    {
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var response = await client.GetAsync("/api/v1/projects");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_needs_no_token()
    {
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class RequestHygieneTestsOnSqlite(SqliteServerFixture server) : RequestHygieneTests(server), IClassFixture<SqliteServerFixture>;

public sealed class RequestHygieneTestsOnPostgres(PostgresServerFixture server) : RequestHygieneTests(server), IClassFixture<PostgresServerFixture>;
