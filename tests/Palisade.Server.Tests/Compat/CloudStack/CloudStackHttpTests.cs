using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.CloudStack;

/// <summary>
/// What the cs client cannot send: requests without a signature or key, with a key nobody has,
/// or signed with version 3 and no expiry; and what it does not show: that the HTTP status is the
/// errorcode, and that a refusal by the parameter processor answers the call instead of failing a
/// job. Requests are signed here as CloudStack documents it, independently of the server's code.
/// </summary>
public sealed class CloudStackHttpTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private const string Unverified = "unable to verify user credentials and/or request signature";

    private TestProject project = null!;
    private string apiKey = null!;
    private string secret = null!;

    public async Task InitializeAsync()
    {
        project = await server.NewProjectAsync();
        var principal = await server.PostAsync("/api/v1/principals", new { name = "cs-http-" + Guid.NewGuid().ToString("N")[..6] });
        await server.PostAsync("/api/v1/role-bindings", new { principal_id = (string)principal["id"]!, role = "member", project_id = project.Id });
        var keys = await server.PostAsync($"/api/v1/principals/{principal["id"]}/api-keys", new { });
        (apiKey, secret) = ((string)keys["api_key"]!, (string)keys["secret_key"]!);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, int, int, string> Refusals => new()
    {
        // how the request is sent, its parameters, then the errorcode (= HTTP status), cserrorcode and errortext
        { "unsigned", "command=listSecurityGroups", 401, 9999, Unverified },
        { "no key", "command=listSecurityGroups", 401, 9999, Unverified },
        { "unknown key", "command=listSecurityGroups", 401, 9999, Unverified },
        { "signed", "command=listSecurityGroups&signatureVersion=3", 401, 9999, Unverified },
        { "signed", "command=listSecurityGroups&signatureVersion=3&expires=2020-01-01T00:00:00+0000", 401, 9999, Unverified },
        { "signed", "command=listSecurityGroups&signatureVersion=3&expires=yesterday", 401, 9999, Unverified },
        // The signed text is lowercased, so names are read without regard to case: a renamed version still expires.
        { "signed", "command=listSecurityGroups&signatureversion=3&expires=2020-01-01T00:00:00+0000", 401, 9999, Unverified },
        { "signed", "command=listSecurityGroups&SIGNATUREVERSION=3&EXPIRES=2020-01-01T00:00:00+0000", 401, 9999, Unverified },
        // Two names the signature cannot tell apart: which one is meant is unknown.
        { "signed", "command=listSecurityGroups&signatureVersion=3&signatureversion=2&expires=2020-01-01T00:00:00+0000", 401, 9999, Unverified },
        { "signed", "command=listSecurityGroups&expires=2020-01-01T00:00:00+0000&Expires=2099-01-01T00:00:00+0000&signatureVersion=3", 401, 9999, Unverified },
        { "wrong secret", "command=listSecurityGroups", 401, 9999, Unverified },
        // cs adds pagesize=500 to a page it is given, so only a hand-made request has a page alone.
        { "signed", "command=listSecurityGroups&page=1", 431, 9999, "\"pagesize\" parameter is required when \"page\" is specified" },
        { "signed", "command=listVolumes", 432, 9999, "The given command:listVolumes does not exist or it is not available for user" },
        { "signed", "command=createSecurityGroup&name=default", 431, 4350, "The security group name default is reserved" },
        { "signed", "command=revokeSecurityGroupIngress", 431, 9999, "Unable to execute API command revokesecuritygroupingress due to missing parameter id" },
        { "signed", "command=authorizeSecurityGroupIngress&securitygroupid=00000000-0000-0000-0000-000000000000&cidrlist=198.18.0.0/16", 431, 9999, "Unable to execute API command authorizesecuritygroupingress due to invalid value. Invalid parameter securitygroupid value=00000000-0000-0000-0000-000000000000 due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class." },
        { "signed", "command=authorizeSecurityGroupEgress&securitygroupname=default&protocol=tcp&startport=x&endport=80&cidrlist=198.18.0.0/16", 431, 9999, "Unable to execute API command authorizesecuritygroupegress due to invalid value x for parameter startport" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusals_answer_the_call_with_the_errorcode_as_http_status(string how, string query, int code, int csCode, string text)
    {
        var parameters = query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        parameters["response"] = "json";
        if (how != "no key")
        {
            parameters["apiKey"] = how == "unknown key" ? "not-a-key" : apiKey;
        }

        if (how is "signed" or "unknown key" or "wrong secret")
        {
            parameters["signature"] = Sign(parameters, how == "wrong secret" ? "not-the-secret" : secret);
        }

        var before = await server.RevisionAsync();

        using var response = await server.Client.GetAsync("/client/api?" + string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var answer = body[$"{parameters["command"].ToLowerInvariant()}response"]!;
        Assert.Equal(code, (int)response.StatusCode);
        Assert.Equal((code, csCode, text), ((int)answer["errorcode"]!, (int)answer["cserrorcode"]!, (string)answer["errortext"]!));
        Assert.Empty(answer["uuidList"]!.AsArray());
        Assert.Null(answer["jobid"]);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task A_signature_version_3_request_before_its_expiry_is_served()
    {
        var parameters = new Dictionary<string, string>
        {
            ["command"] = "listSecurityGroups", ["response"] = "json", ["apiKey"] = apiKey, ["signatureVersion"] = "3",
            ["expires"] = DateTimeOffset.UtcNow.AddMinutes(5).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture).Remove(22, 1),
        };
        parameters["signature"] = Sign(parameters, secret);

        using var response = await server.Client.GetAsync("/client/api?" + string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("signatureversion", "expires")]
    [InlineData("SignatureVersion", "Expires")]
    [InlineData("signatureVersion", "EXPIRES")]
    public async Task A_signature_version_3_request_that_expired_an_hour_ago_is_refused_however_its_names_are_cased(string versionName, string expiresName)
    {
        var parameters = new Dictionary<string, string>
        {
            ["command"] = "listSecurityGroups", ["response"] = "json", ["apiKey"] = apiKey, [versionName] = "3",
            [expiresName] = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture).Remove(22, 1),
        };
        parameters["signature"] = Sign(parameters, secret);

        using var response = await server.Client.GetAsync("/client/api?" + string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["listsecuritygroupsresponse"]!;
        Assert.Equal((401, 401, Unverified), ((int)response.StatusCode, (int)answer["errorcode"]!, (string)answer["errortext"]!));
    }

    /// <summary>
    /// CloudStack's documented signing: parameters sorted by name, values URL-encoded, joined with
    /// &amp;, the whole lowercased, HMAC-SHA1 with the secret key, base64.
    /// </summary>
    internal static string Sign(Dictionary<string, string> parameters, string key)
    {
        var text = string.Join('&', parameters.OrderBy(p => p.Key.ToLowerInvariant(), StringComparer.Ordinal).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")).ToLowerInvariant();
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(text)));
    }
}
