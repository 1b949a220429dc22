using Palisade.Server.Documents;
using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>The identity API's documents as the rows of the identity tables (<see cref="IIdentityTables"/>), field for field.</summary>
internal static class IdentityDocuments
{
    public static PrincipalDocument ToDocument(this PrincipalRow row) => new(row.Id, row.Name, row.RevisionNumber);

    public static PrincipalRow ToRow(this PrincipalDocument document) => new(document.Id, document.Name, document.RevisionNumber);

    public static RoleBindingDocument ToDocument(this RoleBindingRow row) => new(row.Id, row.PrincipalId, row.Role, row.ProjectId, row.RevisionNumber);

    public static RoleBindingRow ToRow(this RoleBindingDocument document) => new(document.Id, document.PrincipalId, document.Role, document.ProjectId, document.RevisionNumber);

    public static TokenDocument ToDocument(this TokenRow row) => new(row.Id, row.PrincipalId, row.Description, row.CreatedAt, row.RevisionNumber, row.ProjectId, row.ExpiresAt);

    public static TokenRow ToRow(this TokenDocument document) =>
        new(document.Id, document.PrincipalId, document.Description, document.CreatedAt, document.RevisionNumber, document.ProjectId, document.ExpiresAt);

    public static ApiKeyDocument ToDocument(this ApiKeyRow row) => new(row.ApiKey, row.PrincipalId, row.SecretKey, row.CreatedAt);

    public static ApiKeyRow ToRow(this ApiKeyDocument document) => new(document.ApiKey, document.PrincipalId, document.SecretKey, document.CreatedAt);

    /// <summary>The principal, or a 404.</summary>
    public static async Task<PrincipalDocument> RequirePrincipalAsync(this IStoreSession session, string id, CancellationToken cancellationToken) =>
        (await session.PrincipalAsync(id, cancellationToken))?.ToDocument() ?? throw ApiException.NotFound("principal", id);
}
