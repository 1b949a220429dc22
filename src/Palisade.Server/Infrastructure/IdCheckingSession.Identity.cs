using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// Identity lookups by an id that cannot be stored find nothing; a write whose text a column cannot
/// hold (a name or description with U+0000 or an unpaired surrogate, which PostgreSQL's text and
/// Npgsql's encoder refuse) is a 400 naming the field.
/// </summary>
internal sealed partial class IdCheckingSession
{
    public Task<PrincipalRow?> PrincipalAsync(string id, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(id) ? inner.PrincipalAsync(id, cancellationToken) : Task.FromResult<PrincipalRow?>(null);

    public Task<IReadOnlyList<PrincipalRow>> PrincipalsAsync(CancellationToken cancellationToken) => inner.PrincipalsAsync(cancellationToken);

    public Task AddPrincipalAsync(PrincipalRow principal, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(principal.Id) && IsText(principal.Name, "name")
            ? inner.AddPrincipalAsync(principal, cancellationToken)
            : throw ResourceIds.Refusal();

    public Task<PrincipalRow?> DeletePrincipalAsync(string id, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(id) ? inner.DeletePrincipalAsync(id, cancellationToken) : Task.FromResult<PrincipalRow?>(null);

    public Task<IReadOnlyList<RoleBindingRow>> RoleBindingsOfAsync(string principalId, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(principalId) ? inner.RoleBindingsOfAsync(principalId, cancellationToken) : Task.FromResult<IReadOnlyList<RoleBindingRow>>([]);

    public Task<IReadOnlyList<RoleBindingRow>> RoleBindingsAsync(string? projectId, CancellationToken cancellationToken) =>
        projectId is null || ResourceIds.IsStorable(projectId) ? inner.RoleBindingsAsync(projectId, cancellationToken) : Task.FromResult<IReadOnlyList<RoleBindingRow>>([]);

    public Task AddRoleBindingAsync(RoleBindingRow binding, CancellationToken cancellationToken) =>
        new[] { binding.Id, binding.PrincipalId, binding.Role, binding.ProjectId }.All(v => v is null || ResourceIds.IsStorable(v))
            ? inner.AddRoleBindingAsync(binding, cancellationToken)
            : throw ResourceIds.Refusal();

    public Task<RoleBindingRow?> DeleteRoleBindingAsync(string id, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(id) ? inner.DeleteRoleBindingAsync(id, cancellationToken) : Task.FromResult<RoleBindingRow?>(null);

    public Task<TokenRow?> TokenByHashAsync(string hash, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(hash) ? inner.TokenByHashAsync(hash, cancellationToken) : Task.FromResult<TokenRow?>(null);

    public Task<IReadOnlyList<TokenRow>> TokensAsync(string? principalId, CancellationToken cancellationToken) =>
        principalId is null || ResourceIds.IsStorable(principalId) ? inner.TokensAsync(principalId, cancellationToken) : Task.FromResult<IReadOnlyList<TokenRow>>([]);

    public Task AddTokenAsync(TokenRow token, string hash, CancellationToken cancellationToken) =>
        new[] { token.Id, token.PrincipalId, token.ProjectId, hash }.All(v => v is null || ResourceIds.IsStorable(v)) && IsText(token.Description, "description")
            ? inner.AddTokenAsync(token, hash, cancellationToken)
            : throw ResourceIds.Refusal();

    public Task<TokenRow?> DeleteTokenAsync(string id, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(id) ? inner.DeleteTokenAsync(id, cancellationToken) : Task.FromResult<TokenRow?>(null);

    public Task<ApiKeyRow?> ApiKeyAsync(string apiKey, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(apiKey) ? inner.ApiKeyAsync(apiKey, cancellationToken) : Task.FromResult<ApiKeyRow?>(null);

    public Task<IReadOnlyList<ApiKeyRow>> ApiKeysOfAsync(string principalId, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(principalId) ? inner.ApiKeysOfAsync(principalId, cancellationToken) : Task.FromResult<IReadOnlyList<ApiKeyRow>>([]);

    public Task AddApiKeyAsync(ApiKeyRow key, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(key.ApiKey) && ResourceIds.IsStorable(key.PrincipalId) ? inner.AddApiKeyAsync(key, cancellationToken) : throw ResourceIds.Refusal();

    public Task<ApiKeyRow?> DeleteApiKeyAsync(string apiKey, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(apiKey) ? inner.DeleteApiKeyAsync(apiKey, cancellationToken) : Task.FromResult<ApiKeyRow?>(null);

    /// <summary>Free text (not an id): control characters such as a newline are fine, U+0000 and unpaired surrogates are not.</summary>
    private static bool IsText(string text, string field)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (text[i] == '\0' || char.IsSurrogate(text[i]))
            {
                throw ApiException.Invalid(field, "must be text without U+0000 or unpaired surrogates.");
            }
        }

        return true;
    }
}
