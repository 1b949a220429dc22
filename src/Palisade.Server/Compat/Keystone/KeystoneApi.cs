using System.Text.Json.Nodes;
using Palisade.Server.Auth;

namespace Palisade.Server.Compat.Keystone;

/// <summary>
/// The part of OpenStack Identity (Keystone) v3 that the <c>openstack</c> CLI and openstacksdk need
/// to sign in with an ordinary clouds.yaml (<c>auth_type: password</c>) and to resolve
/// <c>--project NAME --project-domain Default</c>: version discovery, tokens, and reading projects
/// and the one domain. It lives under <c>/identity</c> (as devstack serves Keystone) because
/// Cloud Foundry's API owns <c>/v3</c>. A user is a Palisade principal and its password one of the
/// principal's tokens; the platform admin is <c>admin</c> with the admin token.
/// </summary>
public static class KeystoneApi
{
    /// <summary>Palisade has one domain, Keystone's default one.</summary>
    public const string DomainId = "default";

    public const string DomainName = "Default";

    public static IEndpointRouteBuilder MapKeystoneApi(this IEndpointRouteBuilder app)
    {
        var identity = app.MapGroup("/identity").AddEndpointFilter(KeystoneErrors.FilterAsync).ExcludeFromDescription();

        // Keystone answers its root with 300 Multiple Choices and the versions it serves.
        identity.MapGet("/", (HttpRequest request) => Results.Json(new JsonObject { ["versions"] = new JsonObject { ["values"] = new JsonArray(Version(request)) } }, statusCode: 300));
        identity.MapGet("/v3", (HttpRequest request) => Results.Json(new JsonObject { ["version"] = Version(request) }));

        var v3 = identity.MapGroup("/v3");
        v3.MapKeystoneTokens();
        v3.MapKeystoneProjects();
        return app;
    }

    /// <summary>The server's own address, which the catalog and the links point at.</summary>
    internal static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>
    /// The caller of a request that needs one: Keystone takes its token in X-Auth-Token, as Neutron
    /// does; a missing or invalid one is Keystone's 401.
    /// </summary>
    internal static async Task<Caller> AuthenticateAsync(HttpContext http)
    {
        var token = http.Request.Headers["X-Auth-Token"].ToString();
        KeystoneErrors.EnsureNotLimited(http, principal: null);
        var caller = await http.RequestServices.GetRequiredService<CallerResolver>().ResolveAsync(token, http.RequestAborted);
        if (caller is null)
        {
            http.RequestServices.GetRequiredService<AuthFailureLimiter>().Failed(http, principal: null);
            throw KeystoneErrors.Unauthorized();
        }

        http.Items[BearerAuthentication.ActorKey] = caller.Principal;
        return caller;
    }

    private static JsonObject Version(HttpRequest request) => new()
    {
        ["id"] = "v3.14",
        ["status"] = "stable",
        ["updated"] = "2020-04-07T00:00:00Z",
        ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{BaseUrl(request)}/identity/v3/" }),
        ["media-types"] = new JsonArray(new JsonObject { ["base"] = "application/json", ["type"] = "application/vnd.openstack.identity-v3+json" }),
    };
}
