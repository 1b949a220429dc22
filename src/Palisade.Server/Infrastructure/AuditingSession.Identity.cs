using System.Text.Json;
using Palisade.Server.Documents;
using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// Writes of principals, role bindings and tokens are audited as the rows they change; API keys are
/// not (the row holds the signing secret), and a token's row holds no hash of its secret.
/// </summary>
internal sealed partial class AuditingSession
{
    public Task<PrincipalRow?> PrincipalAsync(string id, CancellationToken cancellationToken) => inner.PrincipalAsync(id, cancellationToken);

    public Task<IReadOnlyList<PrincipalRow>> PrincipalsAsync(CancellationToken cancellationToken) => inner.PrincipalsAsync(cancellationToken);

    public async Task AddPrincipalAsync(PrincipalRow principal, CancellationToken cancellationToken)
    {
        await inner.AddPrincipalAsync(principal, cancellationToken);
        await RecordAsync(Kinds.Principal, principal.Id, null, "create", null, Json(principal), cancellationToken);
    }

    public async Task<PrincipalRow?> DeletePrincipalAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await inner.DeletePrincipalAsync(id, cancellationToken);
        if (deleted is not null)
        {
            await RecordAsync(Kinds.Principal, id, null, "delete", Json(deleted), null, cancellationToken);
        }

        return deleted;
    }

    public Task<IReadOnlyList<RoleBindingRow>> RoleBindingsOfAsync(string principalId, CancellationToken cancellationToken) => inner.RoleBindingsOfAsync(principalId, cancellationToken);

    public Task<IReadOnlyList<RoleBindingRow>> RoleBindingsAsync(string? projectId, CancellationToken cancellationToken) => inner.RoleBindingsAsync(projectId, cancellationToken);

    public async Task AddRoleBindingAsync(RoleBindingRow binding, CancellationToken cancellationToken)
    {
        await inner.AddRoleBindingAsync(binding, cancellationToken);
        await RecordAsync(Kinds.RoleBinding, binding.Id, binding.ProjectId, "create", null, Json(binding), cancellationToken);
    }

    public async Task<RoleBindingRow?> DeleteRoleBindingAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await inner.DeleteRoleBindingAsync(id, cancellationToken);
        if (deleted is not null)
        {
            await RecordAsync(Kinds.RoleBinding, id, deleted.ProjectId, "delete", Json(deleted), null, cancellationToken);
        }

        return deleted;
    }

    public Task<TokenRow?> TokenByHashAsync(string hash, CancellationToken cancellationToken) => inner.TokenByHashAsync(hash, cancellationToken);

    public Task<IReadOnlyList<TokenRow>> TokensAsync(string? principalId, CancellationToken cancellationToken) => inner.TokensAsync(principalId, cancellationToken);

    public async Task AddTokenAsync(TokenRow token, string hash, CancellationToken cancellationToken)
    {
        await inner.AddTokenAsync(token, hash, cancellationToken);
        await RecordAsync(Kinds.Token, token.Id, null, "create", null, Json(token), cancellationToken);
    }

    public async Task<TokenRow?> DeleteTokenAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await inner.DeleteTokenAsync(id, cancellationToken);
        if (deleted is not null)
        {
            await RecordAsync(Kinds.Token, id, null, "delete", Json(deleted), null, cancellationToken);
        }

        return deleted;
    }

    public Task<ApiKeyRow?> ApiKeyAsync(string apiKey, CancellationToken cancellationToken) => inner.ApiKeyAsync(apiKey, cancellationToken);

    public Task<IReadOnlyList<ApiKeyRow>> ApiKeysOfAsync(string principalId, CancellationToken cancellationToken) => inner.ApiKeysOfAsync(principalId, cancellationToken);

    public Task AddApiKeyAsync(ApiKeyRow key, CancellationToken cancellationToken) => inner.AddApiKeyAsync(key, cancellationToken);

    public Task<ApiKeyRow?> DeleteApiKeyAsync(string apiKey, CancellationToken cancellationToken) => inner.DeleteApiKeyAsync(apiKey, cancellationToken);
}
