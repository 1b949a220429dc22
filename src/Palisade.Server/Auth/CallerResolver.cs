using System.Collections.Frozen;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Auth;

/// <summary>
/// Turns a bearer token into a <see cref="Caller"/>. Principals' tokens and roles are read from the
/// store on every request, so revoking a token or a role takes effect at once on every server.
/// </summary>
internal sealed class CallerResolver(AdminToken adminToken, IPalisadeStore store)
{
    private static readonly Caller PlatformAdmin = new("admin", true, FrozenDictionary<string, ProjectRole>.Empty);

    public async Task<Caller?> ResolveAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (adminToken.Accepts(token))
        {
            return PlatformAdmin;
        }

        return await store.ReadAsync(async session =>
        {
            var stored = await session.GetAsync<TokenDocument>(Kinds.TokenByHash, AdminToken.Hash(token), cancellationToken);
            return stored is null ? null : await ForPrincipalAsync(session, stored.PrincipalId, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The caller behind an API key, with the key's secret to check the request's signature.</summary>
    public async Task<(Caller Caller, string Secret)?> ResolveApiKeyAsync(string apiKey, CancellationToken cancellationToken) =>
        await store.ReadAsync<(Caller, string)?>(async session =>
        {
            var key = await session.GetAsync<ApiKeyDocument>(Kinds.ApiKey, apiKey, cancellationToken);
            return key is not null && await ForPrincipalAsync(session, key.PrincipalId, cancellationToken) is { } caller ? (caller, key.SecretKey) : null;
        }, cancellationToken);

    private static async Task<Caller?> ForPrincipalAsync(IStoreSession session, string principalId, CancellationToken cancellationToken)
    {
        var principal = await session.GetAsync<PrincipalDocument>(Kinds.Principal, principalId, cancellationToken);
        if (principal is null)
        {
            return null;
        }

        var bindings = (await session.ListAsync<RoleBindingDocument>(Kinds.RoleBinding, null, cancellationToken)).Where(b => b.PrincipalId == principal.Id).ToList();
        var roles = bindings
            .Where(b => b.ProjectId is not null)
            .GroupBy(b => b.ProjectId!)
            .ToFrozenDictionary(g => g.Key, g => g.Max(b => Enum.Parse<ProjectRole>(b.Role, ignoreCase: true)));
        return new Caller(principal.Name, bindings.Any(b => b.ProjectId is null), roles);
    }
}
