using System.Collections.Frozen;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Auth;

/// <summary>
/// Turns a bearer token into a <see cref="Caller"/>. Principals' tokens and roles are read from the
/// store on every request, so revoking a token or a role takes effect at once on every server; each
/// lookup reads only the caller's rows by an index (token by hash, key, principal, the principal's
/// role bindings), so it costs the same however many principals and bindings there are.
/// </summary>
internal sealed class CallerResolver(AdminToken adminToken, IPalisadeStore store)
{
    /// <summary>The principal id under which tokens the Keystone endpoint issues to the platform admin are kept.</summary>
    public const string AdminPrincipalId = "admin";

    private static readonly Caller PlatformAdmin = new(AdminPrincipalId, "admin", true, FrozenDictionary<string, ProjectRole>.Empty);

    public async Task<Caller?> ResolveAsync(string? token, CancellationToken cancellationToken) =>
        await ResolveTokenAsync(token, cancellationToken) is { } resolved ? resolved.Caller : null;

    /// <summary>
    /// The caller behind a token, with the token's document (null for the platform admin token).
    /// An expired token resolves to nothing; a scoped one to its caller in that project, or to
    /// nothing once the principal has lost its role there.
    /// </summary>
    public async Task<(Caller Caller, TokenDocument? Token)?> ResolveTokenAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (adminToken.Accepts(token))
        {
            return (PlatformAdmin, null);
        }

        return await store.ReadAsync<(Caller, TokenDocument?)?>(async session =>
        {
            var stored = (await session.TokenByHashAsync(AdminToken.Hash(token), cancellationToken))?.ToDocument();
            if (stored is null || stored.HasExpired(DateTimeOffset.UtcNow))
            {
                return null;
            }

            var caller = await ForPrincipalAsync(session, stored.PrincipalId, cancellationToken);
            var scoped = stored.ProjectId is null ? caller : caller?.ScopedTo(stored.ProjectId);
            return scoped is null ? null : (scoped, stored);
        }, cancellationToken);
    }

    /// <summary>The caller behind an API key, with the key's secret to check the request's signature.</summary>
    public async Task<(Caller Caller, string Secret)?> ResolveApiKeyAsync(string apiKey, CancellationToken cancellationToken) =>
        await store.ReadAsync<(Caller, string)?>(async session =>
        {
            var key = await session.ApiKeyAsync(apiKey, cancellationToken);
            return key is not null && await ForPrincipalAsync(session, key.PrincipalId, cancellationToken) is { } caller ? (caller, key.SecretKey) : null;
        }, cancellationToken);

    /// <summary>A principal with all its roles (the platform admin for <see cref="AdminPrincipalId"/>), or null when it does not exist.</summary>
    public static async Task<Caller?> ForPrincipalAsync(IStoreSession session, string principalId, CancellationToken cancellationToken)
    {
        if (principalId == AdminPrincipalId)
        {
            return PlatformAdmin;
        }

        var principal = await session.PrincipalAsync(principalId, cancellationToken);
        if (principal is null)
        {
            return null;
        }

        var bindings = await session.RoleBindingsOfAsync(principal.Id, cancellationToken);
        var roles = bindings
            .Where(b => b.ProjectId is not null)
            .GroupBy(b => b.ProjectId!)
            .ToFrozenDictionary(g => g.Key, g => g.Max(b => Enum.Parse<ProjectRole>(b.Role, ignoreCase: true)));
        return new Caller(principal.Id, principal.Name, bindings.Any(b => b.ProjectId is null), roles);
    }
}
