using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// Reads a Neutron request body: one resource under its singular name or several under the plural
/// (bulk create), each checked as Neutron's attribute map checks it: attributes the resource does
/// not have are "Unrecognized", and ones it has but a client may not set (id, timestamps…) are
/// "not allowed in POST" or a "read-only attribute" on PUT.
/// </summary>
internal static class NeutronBody
{
    /// <summary>Set when the body used the plural form, so the answer uses it too.</summary>
    public const string BulkKey = "neutron.bulk";

    /// <param name="attributes">What the client may send.</param>
    /// <param name="readOnly">What the resource has but the client may not send (on PUT, also what is only set on POST).</param>
    public static async Task<List<JsonObject>> ReadAsync(HttpRequest request, string singular, string plural, bool allowBulk, IReadOnlySet<string> attributes, IReadOnlySet<string> readOnly, CancellationToken cancellationToken)
    {
        var body = await StrictJson.ParseAsync(request.Body, cancellationToken) as JsonObject
            ?? throw NeutronErrors.BadRequest("HTTPBadRequest", "Malformed request body");
        List<JsonObject> items;
        if (body[singular] is JsonObject one && body.Count == 1)
        {
            items = [one];
        }
        else if (allowBulk && body[plural] is JsonArray many && body.Count == 1 && many.Count > 0 && many.All(m => m is JsonObject))
        {
            // Neutron's prepare_request_body (neutron/api/v2/base.py) takes each item bare or wrapped in the singular name.
            items = [.. many.Select(m => (JsonObject)m!).Select(m => m[singular] as JsonObject ?? m)];
            request.HttpContext.Items[BulkKey] = true;
        }
        else
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", $"Unable to find '{singular}' in request body");
        }

        foreach (var item in items)
        {
            var unknown = item.Select(p => p.Key).Where(k => !attributes.Contains(k) && !readOnly.Contains(k)).ToList();
            if (unknown.Count > 0)
            {
                throw NeutronErrors.BadRequest("HTTPBadRequest", $"Unrecognized attribute(s) '{string.Join(", ", unknown)}'");
            }

            if (item.Select(p => p.Key).FirstOrDefault(readOnly.Contains) is { } fixedAttribute)
            {
                throw NeutronErrors.BadRequest("HTTPBadRequest", HttpMethods.IsPut(request.Method)
                    ? $"Cannot update read-only attribute {fixedAttribute}"
                    : $"Attribute '{fixedAttribute}' not allowed in POST");
            }
        }

        return items;
    }

    /// <summary>A string attribute, or a 400 naming it when it has another JSON type.</summary>
    public static string? String(JsonObject item, string name, int maxLength = 255)
    {
        if (item[name] is not { } node)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", $"Invalid input for {name}. Reason: '{node.ToJsonString()}' is not a valid string.");
        }

        var text = node.GetValue<string>();
        return text.Length <= maxLength
            ? text
            : throw NeutronErrors.BadRequest("HTTPBadRequest", $"Invalid input for {name}. Reason: '{text[..Math.Min(text.Length, 40)]}...' exceeds maximum length of {maxLength}.");
    }

    public static bool? Boolean(JsonObject item, string name)
    {
        if (item[name] is not { } node)
        {
            return null;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(node.GetValue<string>(), out var parsed) => parsed,
            _ => throw NeutronErrors.BadRequest("HTTPBadRequest", $"Invalid input for {name}. Reason: '{node.ToJsonString()}' is not a valid boolean value."),
        };
    }

    /// <summary>The project a new resource belongs to: project_id and tenant_id must agree; absent, the caller's only project.</summary>
    public static string? ProjectId(JsonObject item)
    {
        var project = String(item, "project_id");
        var tenant = String(item, "tenant_id");
        if (project is not null && tenant is not null && project != tenant)
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", "'project_id' and 'tenant_id' do not match");
        }

        return project ?? tenant;
    }
}
