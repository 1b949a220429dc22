using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// Neutron's error body, <c>{"NeutronError": {"type", "message", "detail"}}</c>: clients such as
/// openstacksdk, gophercloud and terraform show the message and branch on the type. Every refusal
/// of a /v2.0 endpoint leaves in this form, with Neutron's status code.
/// </summary>
internal static class NeutronErrors
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            if (PrintableRequest.FindControlCharacter(context.HttpContext.Request) is { } unprintable)
            {
                throw BadRequest("HTTPBadRequest", PrintableRequest.Message(unprintable));
            }

            return await next(context);
        }
        catch (ApiException refused) when (refused.Code == "OverQuota")
        {
            var resource = refused.Errors?["quota"][0] is "security_groups" ? "security_group" : refused.Errors?["quota"][0] is "groups_per_port" ? "groups_per_port" : "security_group_rule";
            return Error(409, "OverQuota", $"Quota exceeded for resources: ['{resource}'].");
        }
        catch (ApiException refused)
        {
            return Error(refused.Status, refused.Code ?? DefaultType(refused.Status), refused.Message);
        }
        catch (JsonException)
        {
            return Error(400, "HTTPBadRequest", "Malformed request body");
        }
    }

    public static ApiException BadRequest(string type, string message) => new(400, "Bad request", message, code: type);

    public static IResult Error(int status, string type, string message) =>
        Results.Json(new JsonObject { ["NeutronError"] = new JsonObject { ["type"] = type, ["message"] = message, ["detail"] = "" } }, statusCode: status);

    private static string DefaultType(int status) => status switch
    {
        400 => "HTTPBadRequest",
        401 => "HTTPUnauthorized",
        // Neutron's refusals by policy (a reader writing, a member doing an admin's work) are all this type.
        403 => "PolicyNotAuthorized",
        404 => "HTTPNotFound",
        409 => "HTTPConflict",
        412 => "HTTPPreconditionFailed",
        _ => "HTTPError",
    };
}
