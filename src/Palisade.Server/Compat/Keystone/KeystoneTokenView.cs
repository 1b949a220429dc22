using System.Globalization;
using System.Text.Json.Nodes;
using Palisade.Server.Auth;
using Palisade.Server.Documents;

namespace Palisade.Server.Compat.Keystone;

/// <summary>
/// A token as Keystone describes it: who, which project with which roles, until when, and for a
/// scoped token the catalog, whose <c>network</c> service is this server (Neutron is served at its
/// root, under /v2.0) and whose <c>identity</c> service is /identity/v3.
/// </summary>
internal static class KeystoneTokenView
{
    public static JsonObject Token(HttpRequest request, Caller caller, ProjectDocument? project, TokenDocument token, string method)
    {
        var body = new JsonObject
        {
            ["methods"] = new JsonArray(method),
            ["user"] = new JsonObject
            {
                ["id"] = caller.PrincipalId,
                ["name"] = caller.Principal,
                ["domain"] = Domain(),
                ["password_expires_at"] = null,
            },
            ["audit_ids"] = new JsonArray(token.Id),
            ["issued_at"] = Timestamp(token.CreatedAt),
            ["expires_at"] = token.ExpiresAt is { } expires ? Timestamp(expires) : null,
        };
        if (project is not null)
        {
            body["project"] = new JsonObject { ["id"] = project.Id, ["name"] = project.Name, ["domain"] = Domain() };
            body["is_domain"] = false;
            body["roles"] = new JsonArray([.. Roles(caller.RoleIn(project.Id)!.Value)]);
            body["catalog"] = Catalog(KeystoneApi.BaseUrl(request));
        }

        return new JsonObject { ["token"] = body };
    }

    /// <summary>Keystone's implied roles: admin implies member, member implies reader, and a token lists them all.</summary>
    private static IEnumerable<JsonNode> Roles(ProjectRole role) =>
        Enum.GetValues<ProjectRole>().Where(r => r <= role).Reverse().Select(r => r.ToString().ToLowerInvariant())
            .Select(name => (JsonNode)new JsonObject { ["id"] = name, ["name"] = name });

    private static JsonArray Catalog(string baseUrl) =>
    [
        Service("network", "neutron", baseUrl),
        Service("identity", "keystone", $"{baseUrl}/identity/v3"),
    ];

    private static JsonObject Service(string type, string name, string url) => new()
    {
        ["id"] = type,
        ["type"] = type,
        ["name"] = name,
        ["endpoints"] = new JsonArray([.. new[] { "public", "internal", "admin" }.Select(face => (JsonNode)new JsonObject
        {
            ["id"] = $"{type}-{face}",
            ["interface"] = face,
            ["region"] = "RegionOne",
            ["region_id"] = "RegionOne",
            ["url"] = url,
        })]),
    };

    private static JsonObject Domain() => new() { ["id"] = KeystoneApi.DomainId, ["name"] = KeystoneApi.DomainName };

    /// <summary>Keystone's format, microseconds and Z (keystoneauth parses it as ISO 8601).</summary>
    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
