using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Compat.Keystone;

/// <summary>
/// The body of <c>POST /identity/v3/auth/tokens</c>: one method (<c>password</c> with a user by id,
/// or by name and domain; or <c>token</c>) and an optional project scope (by id, or by name and
/// domain). Shapes that are not JSON objects and strings where Keystone's schema wants them are 400
/// with Keystone's "Invalid input for field" text; anything that fails to authenticate is 401 later.
/// </summary>
internal sealed record KeystoneAuthRequest(string Method, KeystoneAuthRequest.UserReference? User, string Secret, KeystoneAuthRequest.ProjectReference? Project)
{
    /// <summary>A user or project named by id, or by name within a domain named by id or name.</summary>
    public sealed record UserReference(string? Id, string? Name, string? DomainId, string? DomainName);

    public sealed record ProjectReference(string? Id, string? Name, string? DomainId, string? DomainName);

    public static async Task<KeystoneAuthRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await StrictJson.ParseAsync(request.Body, cancellationToken);
        var auth = Object(body is JsonObject root ? root["auth"] : null, "auth", required: true)!;
        var identity = Object(auth["identity"], "identity", required: true)!;
        if (identity["methods"] is not JsonArray { Count: > 0 } methods || methods.Any(m => m?.GetValueKind() != JsonValueKind.String))
        {
            throw KeystoneErrors.BadRequest("identity", "'methods' is a required property, a non-empty array of strings");
        }

        // Keystone runs every listed method (multi-factor); Palisade's credentials are one token, so one method.
        if (methods.Count != 1 || (string)methods[0]! is not ("password" or "token"))
        {
            throw new Infrastructure.ApiException(401, "Unauthorized", "Attempted to authenticate with an unsupported method.");
        }

        var method = (string)methods[0]!;
        var credentials = Object(identity[method], $"identity/{method}", required: true)!;
        var project = ReadScope(auth["scope"]);
        if (method == "token")
        {
            return new KeystoneAuthRequest(method, null, Text(credentials, "id", "identity/token", required: true)!, project);
        }

        var user = Object(credentials["user"], "identity/password/user", required: true)!;
        var (id, name, domainId, domainName) = Reference(user, "identity/password/user", "a user");
        return new KeystoneAuthRequest(method, new UserReference(id, name, domainId, domainName), Text(user, "password", "identity/password/user", required: true)!, project);
    }

    /// <summary>
    /// The project to scope to, or null for an unscoped token. Domain and system scopes are 401:
    /// Palisade has roles in projects only, and Keystone refuses a scope that holds no role.
    /// </summary>
    private static ProjectReference? ReadScope(JsonNode? scope)
    {
        if (scope is null || scope.GetValueKind() == JsonValueKind.String && (string)scope! == "unscoped")
        {
            return null;
        }

        var fields = Object(scope, "scope", required: true)!;
        if (fields["project"] is null)
        {
            throw KeystoneErrors.Unauthorized();
        }

        var (id, name, domainId, domainName) = Reference(Object(fields["project"], "scope/project", required: true)!, "scope/project", "a project");
        return new ProjectReference(id, name, domainId, domainName);
    }

    /// <summary>An id, or a name with its domain (by id or name): Keystone names are unique only within a domain.</summary>
    private static (string? Id, string? Name, string? DomainId, string? DomainName) Reference(JsonObject fields, string field, string what)
    {
        var id = Text(fields, "id", field, required: false);
        var name = Text(fields, "name", field, required: false);
        var domain = Object(fields["domain"], $"{field}/domain", required: false);
        var domainId = domain is null ? null : Text(domain, "id", $"{field}/domain", required: false);
        var domainName = domain is null ? null : Text(domain, "name", $"{field}/domain", required: false);
        return id is not null || name is not null && (domainId is not null || domainName is not null)
            ? (id, name, domainId, domainName)
            : throw KeystoneErrors.BadRequest(field, $"{what} needs an 'id', or a 'name' and a 'domain' with an 'id' or a 'name'");
    }

    private static JsonObject? Object(JsonNode? node, string field, bool required) => node switch
    {
        JsonObject found => found,
        null when !required => null,
        null => throw KeystoneErrors.BadRequest(field, "is a required property"),
        _ => throw KeystoneErrors.BadRequest(field, $"{node.ToJsonString()} is not of type 'object'"),
    };

    private static string? Text(JsonObject parent, string name, string field, bool required) => parent[name] switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => (string)value!,
        null when !required => null,
        null => throw KeystoneErrors.BadRequest(field, $"'{name}' is a required property"),
        var other => throw KeystoneErrors.BadRequest($"{field}/{name}", $"{other.ToJsonString()} is not of type 'string'"),
    };
}
