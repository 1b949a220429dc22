using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Palisade.Server.Tests.Compat.CloudStack;

namespace Palisade.Server.Tests;

/// <summary>
/// What the server writes to its log while callers present credentials: with every category at
/// Trace, as an operator chasing a problem would set it, no API key, signature, token or password
/// may appear, since whoever reads the log could replay it (an unversioned CloudStack signature
/// never expires).
/// </summary>
public sealed class ServerLogTests
{
    [Fact]
    public async Task Signed_cloudstack_calls_bearer_tokens_and_keystone_passwords_never_reach_the_log()
    {
        await using var server = await ServerProcess.StartAsync("--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace");
        var project = await PostAsync(server.Client, "/api/v1/projects", new { name = "log-" + Guid.NewGuid().ToString("N")[..6] });
        var principal = await PostAsync(server.Client, "/api/v1/principals", new { name = "log-" + Guid.NewGuid().ToString("N")[..6] });
        await PostAsync(server.Client, "/api/v1/role-bindings", new { principal_id = (string)principal["id"]!, role = "member", project_id = (string)project["id"]! });
        var token = (string)(await PostAsync(server.Client, "/api/v1/tokens", new { principal_id = (string)principal["id"]! }))["token"]!;
        var keys = await PostAsync(server.Client, $"/api/v1/principals/{principal["id"]}/api-keys", new { });
        var (apiKey, secret) = ((string)keys["api_key"]!, (string)keys["secret_key"]!);
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var wrongToken = "wrong-" + Guid.NewGuid().ToString("N");
        var wrongPassword = "wrong-" + Guid.NewGuid().ToString("N");

        var signedGet = Signed(apiKey, secret, "listSecurityGroups");
        var signedPost = Signed(apiKey, secret, "createSecurityGroup", ("name", "web"));
        var badlySigned = Signed(apiKey, "not-the-secret", "listSecurityGroups");
        var statuses = new List<int>
        {
            await StatusAsync(anonymous, new HttpRequestMessage(HttpMethod.Get, "/client/api?" + Query(signedGet))),
            await StatusAsync(anonymous, new HttpRequestMessage(HttpMethod.Post, "/client/api") { Content = new FormUrlEncodedContent(signedPost) }),
            await StatusAsync(anonymous, new HttpRequestMessage(HttpMethod.Get, "/client/api?" + Query(badlySigned))),
            await StatusAsync(anonymous, Bearer(HttpMethod.Get, "/api/v1/security-groups", token)),
            await StatusAsync(anonymous, Bearer(HttpMethod.Get, "/api/v1/security-groups", wrongToken)),
            await StatusAsync(anonymous, new HttpRequestMessage(HttpMethod.Get, "/v2.0/security-groups") { Headers = { { "X-Auth-Token", token } } }),
            await StatusAsync(anonymous, SignIn((string)principal["name"]!, token)),
            await StatusAsync(anonymous, SignIn((string)principal["name"]!, wrongPassword)),
        };
        using var signedIn = await anonymous.SendAsync(SignIn((string)principal["name"]!, token));
        var issued = signedIn.Headers.GetValues("X-Subject-Token").Single();
        await StatusAsync(anonymous, new HttpRequestMessage(HttpMethod.Get, "/api/v1/security-groups?last_request=true"));
        await server.WaitForOutputAsync("last_request=true");

        Assert.Equal([200, 200, 401, 200, 401, 200, 201, 401], statuses);
        var log = server.Output;
        Assert.Contains("/client/api?command=listSecurityGroups", log, StringComparison.Ordinal);
        var secrets = new[] { ServerFixture.AdminToken, token, wrongToken, wrongPassword, issued, apiKey, secret, signedGet["signature"], signedPost["signature"], badlySigned["signature"], Uri.EscapeDataString(signedGet["signature"]) };
        Assert.DoesNotContain(secrets, s => log.Contains(s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requests_kestrel_cannot_parse_never_bring_their_credentials_to_the_log()
    {
        await using var server = await ServerProcess.StartAsync("--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace");
        var apiKey = "key-" + Guid.NewGuid().ToString("N");
        var token = "token-" + Guid.NewGuid().ToString("N");

        var answers = new List<string>
        {
            await SendRawAsync(server.Client.BaseAddress!, $"GET /client/api?command=listSecurityGroups&apiKey={apiKey} x HTTP/1.1\r\nHost: palisade\r\n\r\n"),
            await SendRawAsync(server.Client.BaseAddress!, $"GET /api/v1/projects HTTP/1.1\r\nHost: palisade\r\nAuthorization Bearer {token}\r\n\r\n"),
        };
        await StatusAsync(server.Client, new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects?last_request=true"));
        await server.WaitForOutputAsync("last_request=true");

        Assert.All(answers, a => Assert.StartsWith("HTTP/1.1 400", a, StringComparison.Ordinal));
        Assert.DoesNotContain(apiKey, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, server.Output, StringComparison.Ordinal);
    }

    /// <summary>Sends bytes no HTTP client would, and reads the status line of the answer.</summary>
    private static async Task<string> SendRawAsync(Uri server, string request)
    {
        using var client = new System.Net.Sockets.TcpClient();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(server.Host, server.Port, limit.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request), limit.Token);
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        return await reader.ReadLineAsync(limit.Token) ?? "";
    }

    private static Dictionary<string, string> Signed(string apiKey, string secret, string command, params (string Name, string Value)[] more)
    {
        var parameters = new Dictionary<string, string> { ["command"] = command, ["response"] = "json", ["apiKey"] = apiKey };
        foreach (var (name, value) in more)
        {
            parameters[name] = value;
        }

        parameters["signature"] = CloudStackHttpTests.Sign(parameters, secret);
        return parameters;
    }

    private static string Query(Dictionary<string, string> parameters) => string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

    private static HttpRequestMessage Bearer(HttpMethod method, string path, string token) =>
        new(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

    private static HttpRequestMessage SignIn(string user, string password) =>
        new(HttpMethod.Post, "/identity/v3/auth/tokens")
        {
            Content = JsonContent.Create(new { auth = new { identity = new { methods = new[] { "password" }, password = new { user = new { name = user, domain = new { id = "default" }, password } } } } }),
        };

    private static async Task<int> StatusAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            return (int)response.StatusCode;
        }
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.Equal(201, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
