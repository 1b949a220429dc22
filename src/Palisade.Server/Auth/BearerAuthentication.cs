using Microsoft.AspNetCore.Mvc;
using Palisade.Server.Compat.CloudFoundry;
using Palisade.Server.Compat.Keystone;
using Palisade.Server.Compat.Neutron;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Auth;

/// <summary>
/// Every /api/v1 request needs <c>Authorization: Bearer &lt;token&gt;</c>, every Neutron /v2.0
/// request <c>X-Auth-Token: &lt;token&gt;</c>: the platform admin's, or a principal's token. A missing or unknown one is a 401 in
/// the dialect's own body (problem details, keystonemiddleware's for Neutron, CAPI's for /v3); otherwise the request carries its
/// <see cref="Caller"/>.
/// </summary>
internal static class BearerAuthentication
{
    /// <summary>Where the authenticated principal's name is kept for the audit log.</summary>
    public const string ActorKey = "palisade.actor";

    public static IApplicationBuilder UseBearerAuthentication(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Cloud Foundry's CAPI (/v3) takes bearer tokens as the native API does.
            var native = context.Request.Path.StartsWithSegments("/api/v1") || context.Request.Path.StartsWithSegments("/v3");
            if (native || context.Request.Path.StartsWithSegments("/v2.0"))
            {
                // Neutron's clients send the token in X-Auth-Token; the native API uses Authorization: Bearer.
                var header = context.Request.Headers.Authorization.ToString();
                var token = native
                    ? header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null
                    : context.Request.Headers["X-Auth-Token"].ToString() is { Length: > 0 } neutronToken ? neutronToken : null;
                var limiter = context.RequestServices.GetRequiredService<AuthFailureLimiter>();
                if (limiter.RetryAfter(context, principal: null) is { } wait)
                {
                    await TooManyAsync(context, wait);
                    return;
                }

                var caller = await context.RequestServices.GetRequiredService<CallerResolver>().ResolveAsync(token, context.RequestAborted);
                if (caller is null)
                {
                    limiter.Failed(context, principal: null);
                    await RefuseAsync(context, token);
                    return;
                }

                context.Items[Caller.ItemKey] = caller;
                context.Items[ActorKey] = caller.Principal;
            }

            await next(context);
        });

    /// <summary>
    /// A 429 with Retry-After in the dialect's own body: Neutron's (webob's HTTPTooManyRequests, the
    /// type its fault wrapper names a 429), CAPI's RateLimitExceeded for /v3, problem details otherwise.
    /// </summary>
    private static Task TooManyAsync(HttpContext context, TimeSpan wait)
    {
        AuthFailureLimiter.SetRetryAfter(context.Response, wait);
        if (context.Request.Path.StartsWithSegments("/v2.0"))
        {
            return NeutronErrors.Error(429, "HTTPTooManyRequests", AuthFailureLimiter.Message).ExecuteAsync(context);
        }

        if (context.Request.Path.StartsWithSegments("/v3"))
        {
            return CfErrors.RateLimited().ExecuteAsync(context);
        }

        // Written here rather than thrown: the exception handler clears the response's headers, Retry-After with them.
        context.Response.StatusCode = 429;
        var problem = new ProblemDetails { Status = 429, Title = "Too Many Requests", Detail = AuthFailureLimiter.Message };
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }

    /// <summary>A 401 in the dialect's own body: keystonemiddleware's in front of Neutron (clients show it as is), CAPI's for /v3, problem details otherwise.</summary>
    private static Task RefuseAsync(HttpContext context, string? token)
    {
        if (context.Request.Path.StartsWithSegments("/v2.0"))
        {
            return KeystoneErrors.Error(context, 401, KeystoneErrors.AuthenticationRequired).ExecuteAsync(context);
        }

        if (context.Request.Path.StartsWithSegments("/v3"))
        {
            return CfErrors.Unauthenticated(token is not null).ExecuteAsync(context);
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        throw new ApiException(401, "Unauthorized", token is null ? "Send a bearer token in the Authorization header." : "The bearer token is not valid.");
    }
}
