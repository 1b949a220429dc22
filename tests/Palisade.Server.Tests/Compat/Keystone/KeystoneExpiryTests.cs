using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.Keystone;

/// <summary>A server whose Keystone tokens last two seconds (keystone.conf's <c>[token] expiration</c>), so one can be seen expiring.</summary>
public sealed class ShortKeystoneTokensFixture : SqliteServerFixture
{
    protected override IEnumerable<string> Configuration => ["--Palisade:Keystone:TokenExpiration=2"];
}

public sealed class KeystoneExpiryTests(ShortKeystoneTokensFixture server) : IClassFixture<ShortKeystoneTokensFixture>
{
    [Fact]
    public async Task An_expired_token_is_refused_everywhere_and_removed_at_the_next_sign_in()
    {
        var project = await server.NewProjectAsync();
        var member = await server.NewPrincipalAsync(project.Id, "member");
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
        var password = new { methods = new[] { "password" }, password = new { user = new { id = member.Id, password = member.Token } } };
        using var signedIn = await anonymous.PostAsJsonAsync("/identity/v3/auth/tokens", new { auth = new { identity = password, scope = new { project = new { id = project.Id } } } });
        var token = JsonNode.Parse(await signedIn.Content.ReadAsStringAsync())!["token"]!;
        var secret = signedIn.Headers.GetValues("X-Subject-Token").Single();
        var expired = (await server.GetAsync($"/api/v1/tokens?principal_id={member.Id}")).AsArray().Single(t => t!["expires_at"] is not null)!;

        using var identity = new HttpClient { BaseAddress = server.Client.BaseAddress };
        identity.DefaultRequestHeaders.Add("X-Auth-Token", secret);
        var refused = await WhenRefusedAsync(identity, "/identity/v3/projects");
        using var neutron = await identity.GetAsync("/v2.0/security-groups");
        using var rescope = await anonymous.PostAsJsonAsync("/identity/v3/auth/tokens", new { auth = new { identity = new { methods = new[] { "token" }, token = new { id = secret } } } });
        using var again = await anonymous.PostAsJsonAsync("/identity/v3/auth/tokens", new { auth = new { identity = password } });
        var remaining = await server.GetAsync($"/api/v1/tokens?principal_id={member.Id}");

        Assert.Equal(TimeSpan.FromSeconds(2), DateTimeOffset.Parse((string)token["expires_at"]!) - DateTimeOffset.Parse((string)token["issued_at"]!));
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        Assert.Equal(HttpStatusCode.Unauthorized, neutron.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, rescope.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.DoesNotContain(remaining.AsArray(), t => (string)t!["id"]! == (string)expired["id"]!);
        Assert.Equal(2, remaining.AsArray().Count);
    }

    /// <summary>Asks until the token stops working: the status it then gets, or OK when it still works after a bounded wait.</summary>
    private static async Task<HttpStatusCode> WhenRefusedAsync(HttpClient client, string path)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK || DateTimeOffset.UtcNow > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
