namespace Palisade.Server.Documents;

/// <summary>
/// A bearer token of a principal. The secret is shown once, when the token is made; the store keeps
/// only its SHA-256, as the key of a token_hash entry, so neither this
/// document nor the audit log holds anything that lets a reader sign in. Tokens made by an admin
/// neither expire nor are scoped; those the Keystone endpoint issues expire (<see cref="ExpiresAt"/>)
/// and act in one project only (<see cref="ProjectId"/>), as a Keystone token does.
/// </summary>
public sealed record TokenDocument(
    string Id,
    string PrincipalId,
    string Description,
    DateTimeOffset CreatedAt,
    long RevisionNumber = 0,
    string? ProjectId = null,
    DateTimeOffset? ExpiresAt = null)
{
    public bool HasExpired(DateTimeOffset now) => ExpiresAt <= now;
}
