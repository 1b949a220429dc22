using System.Globalization;
using Dapper;

namespace Palisade.Store;

/// <summary>Principals, role bindings, tokens and API keys in their tables (see <see cref="IIdentityTables"/>).</summary>
internal sealed partial class SqlSession
{
    private const string PrincipalColumns = "id AS Id, name AS Name, revision_number AS RevisionNumber";
    private const string RoleBindingColumns = "id AS Id, principal_id AS PrincipalId, role AS Role, project_id AS ProjectId, revision_number AS RevisionNumber";
    private const string TokenColumns =
        "id AS Id, principal_id AS PrincipalId, description AS Description, created_at AS CreatedAt, revision_number AS RevisionNumber, project_id AS ProjectId, expires_at AS ExpiresAt";

    private const string ApiKeyColumns = "api_key AS ApiKey, principal_id AS PrincipalId, secret_key AS SecretKey, created_at AS CreatedAt";

    public Task<PrincipalRow?> PrincipalAsync(string id, CancellationToken cancellationToken) =>
        SingleAsync<PrincipalRow>($"SELECT {PrincipalColumns} FROM principals WHERE id = @id AND id <> @admin", new { id, admin = IIdentityTables.BuiltInAdminPrincipalId }, cancellationToken);

    public Task<IReadOnlyList<PrincipalRow>> PrincipalsAsync(CancellationToken cancellationToken) =>
        ManyAsync<PrincipalRow>($"SELECT {PrincipalColumns} FROM principals WHERE id <> @admin ORDER BY id", new { admin = IIdentityTables.BuiltInAdminPrincipalId }, cancellationToken);

    public Task AddPrincipalAsync(PrincipalRow principal, CancellationToken cancellationToken) =>
        ExecuteAsync("INSERT INTO principals (id, name, revision_number) VALUES (@Id, @Name, @RevisionNumber)", principal, cancellationToken);

    /// <summary>The foreign keys delete the principal's role bindings, tokens and API keys with it.</summary>
    public Task<PrincipalRow?> DeletePrincipalAsync(string id, CancellationToken cancellationToken) =>
        SingleAsync<PrincipalRow>($"DELETE FROM principals WHERE id = @id AND id <> @admin RETURNING {PrincipalColumns}", new { id, admin = IIdentityTables.BuiltInAdminPrincipalId }, cancellationToken);

    public Task<IReadOnlyList<RoleBindingRow>> RoleBindingsOfAsync(string principalId, CancellationToken cancellationToken) =>
        ManyAsync<RoleBindingRow>($"SELECT {RoleBindingColumns} FROM role_bindings WHERE principal_id = @principalId", new { principalId }, cancellationToken);

    public Task<IReadOnlyList<RoleBindingRow>> RoleBindingsAsync(string? projectId, CancellationToken cancellationToken) =>
        projectId is null
            ? ManyAsync<RoleBindingRow>($"SELECT {RoleBindingColumns} FROM role_bindings ORDER BY id", null, cancellationToken)
            : ManyAsync<RoleBindingRow>($"SELECT {RoleBindingColumns} FROM role_bindings WHERE project_id = @projectId ORDER BY id", new { projectId }, cancellationToken);

    public Task AddRoleBindingAsync(RoleBindingRow binding, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO role_bindings (id, principal_id, role, project_id, revision_number) VALUES (@Id, @PrincipalId, @Role, @ProjectId, @RevisionNumber)", binding, cancellationToken);

    public Task<RoleBindingRow?> DeleteRoleBindingAsync(string id, CancellationToken cancellationToken) =>
        SingleAsync<RoleBindingRow>($"DELETE FROM role_bindings WHERE id = @id RETURNING {RoleBindingColumns}", new { id }, cancellationToken);

    public async Task<TokenRow?> TokenByHashAsync(string hash, CancellationToken cancellationToken) =>
        (await SingleAsync<TokenRecord>($"SELECT {TokenColumns} FROM tokens WHERE token_hash = @hash", new { hash }, cancellationToken))?.ToRow();

    public async Task<IReadOnlyList<TokenRow>> TokensAsync(string? principalId, CancellationToken cancellationToken)
    {
        var records = principalId is null
            ? await ManyAsync<TokenRecord>($"SELECT {TokenColumns} FROM tokens ORDER BY id", null, cancellationToken)
            : await ManyAsync<TokenRecord>($"SELECT {TokenColumns} FROM tokens WHERE principal_id = @principalId ORDER BY id", new { principalId }, cancellationToken);
        return [.. records.Select(r => r.ToRow())];
    }

    public Task AddTokenAsync(TokenRow token, string hash, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            INSERT INTO tokens (id, principal_id, token_hash, description, created_at, revision_number, project_id, expires_at)
            VALUES (@Id, @PrincipalId, @Hash, @Description, @CreatedAt, @RevisionNumber, @ProjectId, @ExpiresAt)
            """,
            new
            {
                token.Id,
                token.PrincipalId,
                Hash = hash,
                token.Description,
                CreatedAt = Text(token.CreatedAt),
                token.RevisionNumber,
                token.ProjectId,
                ExpiresAt = token.ExpiresAt is { } expiresAt ? Text(expiresAt) : null,
            },
            cancellationToken);

    public async Task<TokenRow?> DeleteTokenAsync(string id, CancellationToken cancellationToken) =>
        (await SingleAsync<TokenRecord>($"DELETE FROM tokens WHERE id = @id RETURNING {TokenColumns}", new { id }, cancellationToken))?.ToRow();

    public async Task<ApiKeyRow?> ApiKeyAsync(string apiKey, CancellationToken cancellationToken) =>
        (await SingleAsync<ApiKeyRecord>($"SELECT {ApiKeyColumns} FROM api_keys WHERE api_key = @apiKey", new { apiKey }, cancellationToken))?.ToRow();

    public async Task<IReadOnlyList<ApiKeyRow>> ApiKeysOfAsync(string principalId, CancellationToken cancellationToken) =>
        [.. (await ManyAsync<ApiKeyRecord>($"SELECT {ApiKeyColumns} FROM api_keys WHERE principal_id = @principalId ORDER BY api_key", new { principalId }, cancellationToken)).Select(r => r.ToRow())];

    public Task AddApiKeyAsync(ApiKeyRow key, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO api_keys (api_key, principal_id, secret_key, created_at) VALUES (@ApiKey, @PrincipalId, @SecretKey, @CreatedAt)",
            new { key.ApiKey, key.PrincipalId, key.SecretKey, CreatedAt = Text(key.CreatedAt) },
            cancellationToken);

    public async Task<ApiKeyRow?> DeleteApiKeyAsync(string apiKey, CancellationToken cancellationToken) =>
        (await SingleAsync<ApiKeyRecord>($"DELETE FROM api_keys WHERE api_key = @apiKey RETURNING {ApiKeyColumns}", new { apiKey }, cancellationToken))?.ToRow();

    private static string Text(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private Task<T?> SingleAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<T?>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));

    private async Task<IReadOnlyList<T>> ManyAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken))];

    private Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));

    /// <summary>A token's columns as both engines return them (times as the text they were stored as).</summary>
    private sealed record TokenRecord(string Id, string PrincipalId, string Description, string CreatedAt, long RevisionNumber, string? ProjectId, string? ExpiresAt)
    {
        public TokenRow ToRow() => new(Id, PrincipalId, Description, Time(CreatedAt), RevisionNumber, ProjectId, ExpiresAt is null ? null : Time(ExpiresAt));
    }

    private sealed record ApiKeyRecord(string ApiKey, string PrincipalId, string SecretKey, string CreatedAt)
    {
        public ApiKeyRow ToRow() => new(ApiKey, PrincipalId, SecretKey, Time(CreatedAt));
    }
}
