namespace Palisade.Store;

/// <summary>
/// Principals, their role bindings, tokens and API keys as rows of their own tables, with foreign
/// keys to the principal (deleting it deletes them) and the indexes the lookups of every
/// authenticated request use, so resolving a caller reads only that caller's rows. The platform
/// admin's principal (<see cref="BuiltInAdminPrincipalId"/>) has a row, so its tokens and keys meet
/// the foreign key, but no query here returns it: the server answers for it.
/// </summary>
public interface IIdentityTables
{
    /// <summary>The id of the platform admin's built-in principal.</summary>
    public const string BuiltInAdminPrincipalId = "admin";

    Task<PrincipalRow?> PrincipalAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every stored principal, by id.</summary>
    Task<IReadOnlyList<PrincipalRow>> PrincipalsAsync(CancellationToken cancellationToken);

    Task AddPrincipalAsync(PrincipalRow principal, CancellationToken cancellationToken);

    /// <summary>Deletes a principal with its role bindings, tokens and API keys; returns the row deleted, or null.</summary>
    Task<PrincipalRow?> DeletePrincipalAsync(string id, CancellationToken cancellationToken);

    /// <summary>The role bindings of one principal (index by principal).</summary>
    Task<IReadOnlyList<RoleBindingRow>> RoleBindingsOfAsync(string principalId, CancellationToken cancellationToken);

    /// <summary>The role bindings in one project (index by project), or all of them when <paramref name="projectId"/> is null; by id.</summary>
    Task<IReadOnlyList<RoleBindingRow>> RoleBindingsAsync(string? projectId, CancellationToken cancellationToken);

    Task AddRoleBindingAsync(RoleBindingRow binding, CancellationToken cancellationToken);

    Task<RoleBindingRow?> DeleteRoleBindingAsync(string id, CancellationToken cancellationToken);

    /// <summary>The token whose secret has the SHA-256 <paramref name="hash"/> (a unique index).</summary>
    Task<TokenRow?> TokenByHashAsync(string hash, CancellationToken cancellationToken);

    /// <summary>The tokens of one principal, or all of them when <paramref name="principalId"/> is null; by id.</summary>
    Task<IReadOnlyList<TokenRow>> TokensAsync(string? principalId, CancellationToken cancellationToken);

    /// <summary>Stores a token with the SHA-256 of its secret, by which it is found; the secret itself is never stored.</summary>
    Task AddTokenAsync(TokenRow token, string hash, CancellationToken cancellationToken);

    Task<TokenRow?> DeleteTokenAsync(string id, CancellationToken cancellationToken);

    Task<ApiKeyRow?> ApiKeyAsync(string apiKey, CancellationToken cancellationToken);

    /// <summary>A principal's API keys, by key (the <c>api_keys_by_principal</c> index).</summary>
    Task<IReadOnlyList<ApiKeyRow>> ApiKeysOfAsync(string principalId, CancellationToken cancellationToken);

    Task AddApiKeyAsync(ApiKeyRow key, CancellationToken cancellationToken);

    Task<ApiKeyRow?> DeleteApiKeyAsync(string apiKey, CancellationToken cancellationToken);
}
