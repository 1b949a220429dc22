using Palisade.Server.Auth;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Compat.Keystone;

/// <summary>
/// Keystone's error body, <c>{"error": {"code", "title", "message"}}</c>, which keystoneauth turns
/// into the message the <c>openstack</c> CLI prints. Every refusal under /identity leaves in this
/// form; a 401 also names where to authenticate (<c>WWW-Authenticate: Keystone uri=…</c>), as
/// Keystone's does.
/// </summary>
internal static class KeystoneErrors
{
    /// <summary>
    /// Keystone hides why authentication failed (unknown user, wrong password, no role in the project)
    /// so that a caller cannot probe which users exist; it always says this.
    /// </summary>
    public const string AuthenticationRequired = "The request you have made requires authentication.";

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            if (PrintableRequest.FindControlCharacter(context.HttpContext.Request) is { } unprintable)
            {
                throw new ApiException(400, "Bad Request", PrintableRequest.Message(unprintable));
            }

            return await next(context);
        }
        catch (ApiException refused)
        {
            return Error(context.HttpContext, refused.Status, refused.Message);
        }
        catch (JsonException)
        {
            return Error(context.HttpContext, 400, MalformedBody);
        }
    }

    /// <summary>Keystone's ValidationError text for a body that is not JSON.</summary>
    public const string MalformedBody = "Expecting to find valid JSON in request body. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.";

    public static ApiException Unauthorized() => new(401, "Unauthorized", AuthenticationRequired);

    /// <summary>
    /// The caller's address, or the user it names, has failed to authenticate too often: 429 with
    /// Retry-After, in Keystone's body. Counted or checked before the credentials are looked at.
    /// </summary>
    public static void EnsureNotLimited(HttpContext context, string? principal)
    {
        if (context.RequestServices.GetRequiredService<AuthFailureLimiter>().RetryAfter(context, principal) is { } wait)
        {
            AuthFailureLimiter.SetRetryAfter(context.Response, wait);
            throw new ApiException(429, "Too Many Requests", AuthFailureLimiter.Message);
        }
    }

    public static ApiException BadRequest(string field, string reason) => new(400, "Bad Request", $"Invalid input for field '{field}': {reason}");

    public static ApiException NotFound(string what, string id) => new(404, "Not Found", $"Could not find {what}: {id}.");

    public static IResult Error(HttpContext context, int status, string message)
    {
        if (status == 401)
        {
            context.Response.Headers.WWWAuthenticate = $"Keystone uri=\"{KeystoneApi.BaseUrl(context.Request)}/identity\"";
        }

        var error = new JsonObject { ["code"] = status, ["title"] = Title(status), ["message"] = message };
        return Results.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }

    private static string Title(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        _ => "Error",
    };
}
