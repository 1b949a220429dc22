namespace Palisade.Store;

/// <summary>A principal (table <c>principals</c>): a user or service account that holds tokens, API keys and roles.</summary>
public sealed record PrincipalRow(string Id, string Name, long RevisionNumber);

/// <summary>A principal's role (table <c>role_bindings</c>): in a project, or platform-wide when <see cref="ProjectId"/> is null.</summary>
public sealed record RoleBindingRow(string Id, string PrincipalId, string Role, string? ProjectId, long RevisionNumber);

/// <summary>
/// A bearer token (table <c>tokens</c>). Its secret is never stored: the row is found by the secret's
/// SHA-256 (<see cref="IIdentityTables.TokenByHashAsync"/>), which is not part of the row, so nothing
/// that shows or audits a token can show the hash either.
/// </summary>
public sealed record TokenRow(
    string Id, string PrincipalId, string Description, DateTimeOffset CreatedAt, long RevisionNumber, string? ProjectId, DateTimeOffset? ExpiresAt);

/// <summary>A CloudStack API key pair (table <c>api_keys</c>); the secret signs requests, so it is kept, and never audited or listed.</summary>
public sealed record ApiKeyRow(string ApiKey, string PrincipalId, string SecretKey, DateTimeOffset CreatedAt);
