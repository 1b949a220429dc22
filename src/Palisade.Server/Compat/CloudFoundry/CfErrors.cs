using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Compat.CloudFoundry;

/// <summary>
/// CAPI v3's error envelope, <c>{"errors": [{"code", "title", "detail"}]}</c>, with the codes of
/// errors/v2.yml that v3 shares: 10008 CF-UnprocessableEntity (422), 10010 CF-ResourceNotFound
/// (404), 10003 CF-NotAuthorized (403), 10000 CF-NotFound (404, no such route). Every refusal of
/// a /v3 endpoint leaves in this form.
/// </summary>
internal static class CfErrors
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            if (PrintableRequest.FindControlCharacter(context.HttpContext.Request) is { } unprintable)
            {
                // A guid in the path that cannot exist is CAPI's 404; a query parameter it cannot use, 10005 CF-BadQueryParameter.
                return context.HttpContext.Request.RouteValues.ContainsKey(unprintable)
                    ? Error(404, 10010, "CF-ResourceNotFound", $"The {unprintable} does not exist: it contains a control character.")
                    : Error(400, 10005, "CF-BadQueryParameter", $"The query parameter is invalid: {PrintableRequest.Message(unprintable)}");
            }

            return await next(context);
        }
        catch (ApiException refused)
        {
            return refused.Status switch
            {
                404 when refused.Code == "CF-NotFound" => Error(404, 10000, "CF-NotFound", refused.Message),
                404 => Error(404, 10010, "CF-ResourceNotFound", refused.Message),
                403 => Error(403, 10003, "CF-NotAuthorized", "You are not authorized to perform the requested action"),
                _ => Error(422, 10008, "CF-UnprocessableEntity", refused.Message),
            };
        }
        catch (JsonException)
        {
            return Error(400, 1001, "CF-MessageParseError", "Request invalid due to parse error: invalid request body");
        }
    }

    public static ApiException Unprocessable(string detail) => new(422, "Unprocessable entity", detail);

    public static ApiException NotFound(string detail) => new(404, "Not found", detail);

    /// <summary>CAPI's answer to a path it has no route for: 10000 CF-NotFound, "Unknown request".</summary>
    public static ApiException UnknownRequest() => new(404, "Not found", "Unknown request", code: "CF-NotFound");

    /// <summary>CAPI's 401s: no token at all (10002), or one it does not accept (1000).</summary>
    public static IResult Unauthenticated(bool tokenSent) => tokenSent
        ? Error(401, 1000, "CF-InvalidAuthToken", "Invalid Auth Token")
        : Error(401, 10002, "CF-NotAuthenticated", "Authentication error");

    /// <summary>
    /// CAPI's answer when a client address has failed to authenticate too often: 10013
    /// CF-RateLimitExceeded (errors/v2.yml), with the text of its rate limiter for unauthenticated requests.
    /// </summary>
    public static IResult RateLimited() =>
        Error(429, 10013, "CF-RateLimitExceeded", "Rate Limit Exceeded: Unauthenticated requests from this IP address have exceeded the limit. Please log in.");

    private static IResult Error(int status, int code, string title, string detail) =>
        Results.Json(new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["title"] = title, ["detail"] = detail }) }, statusCode: status);
}
