using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

/// <summary>
/// The platform admin token's principal. It is not stored as a principal (the token is configured
/// or generated at first start, <see cref="AdminToken"/>), yet it signs audit events as <c>admin</c>
/// and the Keystone endpoint issues tokens to it, so the identity API lists it, shows it and may
/// give it tokens and API keys, and refuses to delete it or bind roles to it (it has every role).
/// </summary>
internal static class BuiltInPrincipal
{
    public static readonly PrincipalDocument Admin = new(CallerResolver.AdminPrincipalId, "admin");

    public static bool Is(string id) => id == Admin.Id;

    /// <summary>The principal <paramref name="id"/>, the built-in one included; 404 when there is none.</summary>
    public static async Task<PrincipalDocument> RequireAsync(IStoreSession session, string id, CancellationToken cancellationToken) =>
        Is(id) ? Admin : await session.RequirePrincipalAsync(id, cancellationToken);
}
