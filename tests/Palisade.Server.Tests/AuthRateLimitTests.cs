using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Palisade.Server.Tests.Compat.CloudStack;

namespace Palisade.Server.Tests;

/// <summary>
/// Failed authentication is limited per client address and per principal, in every dialect, with
/// 429 and Retry-After in the dialect's error body; successes take nothing from the limit. Each test
/// sends from client addresses of its own (127.0.0.0/8 is all loopback), so the limits one test
/// spends do not reach another's.
/// </summary>
public sealed class AuthRateLimitTests(AuthRateLimitServerFixture server) : IClassFixture<AuthRateLimitServerFixture>
{
    private const int Window = 3600;

    [Fact]
    public async Task Wrong_bearer_tokens_beyond_the_limit_are_refused_with_429_and_retry_after()
    {
        using var client = ClientFrom("127.0.0.11");
        var statuses = new List<int>();
        for (var i = 0; i < AuthRateLimitServerFixture.PerAddress; i++)
        {
            using var refused = await SendAsync(client, HttpMethod.Get, "/api/v1/security-groups", bearer: "wrong-" + i);
            statuses.Add((int)refused.StatusCode);
        }

        using var limited = await SendAsync(client, HttpMethod.Get, "/api/v1/security-groups", bearer: "wrong-again");

        Assert.All(statuses, s => Assert.Equal(401, s));
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.InRange(RetryAfter(limited), 1, Window);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (int)(await limited.Content.ReadFromJsonAsync<JsonNode>())!["status"]!);
    }

    [Fact]
    public async Task A_limited_address_is_refused_even_with_the_right_token()
    {
        using var client = ClientFrom("127.0.0.12");
        await FailBearerAsync(client, AuthRateLimitServerFixture.PerAddress);

        using var response = await SendAsync(client, HttpMethod.Get, "/api/v1/security-groups", bearer: ServerFixture.AdminToken);

        Assert.Equal(429, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_caller_from_another_address_is_served_while_one_address_is_limited()
    {
        using var attacker = ClientFrom("127.0.0.13");
        using var other = ClientFrom("127.0.0.14");
        await FailBearerAsync(attacker, AuthRateLimitServerFixture.PerAddress + 1);

        using var response = await SendAsync(other, HttpMethod.Get, "/api/v1/security-groups", bearer: ServerFixture.AdminToken);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Successful_requests_take_nothing_from_the_limit()
    {
        using var client = ClientFrom("127.0.0.15");
        var statuses = new List<int>();
        for (var i = 0; i < AuthRateLimitServerFixture.PerAddress * 4; i++)
        {
            using var response = await SendAsync(client, HttpMethod.Get, "/api/v1/security-groups", bearer: ServerFixture.AdminToken);
            statuses.Add((int)response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(200, s));
    }

    [Fact]
    public async Task Neutron_answers_429_in_its_own_error_body()
    {
        using var client = ClientFrom("127.0.0.16");
        for (var i = 0; i <= AuthRateLimitServerFixture.PerAddress; i++)
        {
            using var refused = await SendAsync(client, HttpMethod.Get, "/v2.0/security-groups", authToken: "wrong");
        }

        using var limited = await SendAsync(client, HttpMethod.Get, "/v2.0/security-groups", authToken: "wrong");

        Assert.Equal(429, (int)limited.StatusCode);
        Assert.InRange(RetryAfter(limited), 1, Window);
        Assert.Equal("HTTPTooManyRequests", (string)(await limited.Content.ReadFromJsonAsync<JsonNode>())!["NeutronError"]!["type"]!);
    }

    [Fact]
    public async Task Cloud_foundry_answers_429_as_capis_rate_limit_exceeded()
    {
        using var client = ClientFrom("127.0.0.17");
        await FailBearerAsync(client, AuthRateLimitServerFixture.PerAddress);

        using var limited = await SendAsync(client, HttpMethod.Get, "/v3/security_groups", bearer: "wrong");

        var error = (await limited.Content.ReadFromJsonAsync<JsonNode>())!["errors"]![0]!;
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.InRange(RetryAfter(limited), 1, Window);
        Assert.Equal((10013, "CF-RateLimitExceeded"), ((int)error["code"]!, (string)error["title"]!));
    }

    [Fact]
    public async Task Wrong_keystone_passwords_for_one_user_are_limited_whatever_address_they_come_from()
    {
        var project = await server.NewProjectAsync();
        var victim = await server.NewPrincipalAsync(project.Id, "member");
        var statuses = new List<int>();
        for (var i = 0; i < AuthRateLimitServerFixture.PerPrincipal; i++)
        {
            using var client = ClientFrom($"127.0.1.{i + 1}");
            using var refused = await SignInAsync(client, victim.Name, "wrong-password");
            statuses.Add((int)refused.StatusCode);
        }

        using var fresh = ClientFrom("127.0.1.100");
        using var limited = await SignInAsync(fresh, victim.Name, "wrong-password");

        var error = (await limited.Content.ReadFromJsonAsync<JsonNode>())!["error"]!;
        Assert.All(statuses, s => Assert.Equal(401, s));
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.InRange(RetryAfter(limited), 1, Window);
        Assert.Equal((429, "Too Many Requests"), ((int)error["code"]!, (string)error["title"]!));
    }

    [Fact]
    public async Task Another_user_signs_in_while_one_user_is_limited()
    {
        var project = await server.NewProjectAsync();
        var victim = await server.NewPrincipalAsync(project.Id, "member");
        var other = await server.NewPrincipalAsync(project.Id, "member");
        for (var i = 0; i <= AuthRateLimitServerFixture.PerPrincipal; i++)
        {
            using var client = ClientFrom($"127.0.2.{i + 1}");
            using var refused = await SignInAsync(client, victim.Name, "wrong-password");
        }

        using var fresh = ClientFrom("127.0.2.100");
        using var signedIn = await SignInAsync(fresh, other.Name, other.Token);

        Assert.Equal(201, (int)signedIn.StatusCode);
    }

    [Fact]
    public async Task Bad_cloudstack_signatures_for_one_key_are_limited_and_another_key_is_served()
    {
        var (victimKey, _) = await ApiKeyAsync();
        var (otherKey, otherSecret) = await ApiKeyAsync();
        for (var i = 0; i < AuthRateLimitServerFixture.PerPrincipal; i++)
        {
            using var client = ClientFrom($"127.0.3.{i + 1}");
            using var refused = await client.GetAsync(CloudStackQuery(victimKey, "not-the-secret"));
        }

        using var fresh = ClientFrom("127.0.3.100");
        using var limited = await fresh.GetAsync(CloudStackQuery(victimKey, "not-the-secret"));
        using var served = await fresh.GetAsync(CloudStackQuery(otherKey, otherSecret));

        var answer = (await limited.Content.ReadFromJsonAsync<JsonNode>())!["listsecuritygroupsresponse"]!;
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.InRange(RetryAfter(limited), 1, Window);
        Assert.Equal((429, 9999), ((int)answer["errorcode"]!, (int)answer["cserrorcode"]!));
        Assert.Equal(200, (int)served.StatusCode);
    }

    [Theory]
    [InlineData("--Palisade:AuthRateLimit:FailuresPerAddress=-1")]
    [InlineData("--Palisade:AuthRateLimit:WindowSeconds=0")]
    public async Task Invalid_limits_stop_the_server_at_start(string setting)
    {
        var directory = Directory.CreateTempSubdirectory("palisade-test-").FullName;
        try
        {
            await Assert.ThrowsAsync<OptionsValidationException>(() => ServerFixture.StartServerAsync($"--Palisade:Database={Path.Combine(directory, "palisade.db")}", setting));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private HttpClient ClientFrom(string sourceAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(sourceAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    private static async Task FailBearerAsync(HttpClient client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var refused = await SendAsync(client, HttpMethod.Get, "/api/v1/security-groups", bearer: "wrong-" + i);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? bearer = null, string? authToken = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer);
        if (authToken is not null)
        {
            request.Headers.Add("X-Auth-Token", authToken);
        }

        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password) =>
        client.PostAsJsonAsync("/identity/v3/auth/tokens", new { auth = new { identity = new { methods = new[] { "password" }, password = new { user = new { name = user, domain = new { id = "default" }, password } } } } });

    private async Task<(string Key, string Secret)> ApiKeyAsync()
    {
        var project = await server.NewProjectAsync();
        var principal = await server.NewPrincipalAsync(project.Id, "member");
        var keys = await server.PostAsync($"/api/v1/principals/{principal.Id}/api-keys", new { });
        return ((string)keys["api_key"]!, (string)keys["secret_key"]!);
    }

    private static string CloudStackQuery(string apiKey, string secret)
    {
        var parameters = new Dictionary<string, string> { ["command"] = "listSecurityGroups", ["response"] = "json", ["apiKey"] = apiKey };
        parameters["signature"] = CloudStackHttpTests.Sign(parameters, secret);
        return "/client/api?" + string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
    }

    private static int RetryAfter(HttpResponseMessage response) =>
        (int)(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? throw new InvalidOperationException("no Retry-After in seconds"));
}
