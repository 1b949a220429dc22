namespace Palisade.Server.Documents;

/// <summary>
/// A bearer token of a principal. The secret is shown once, when the token is made; the store keeps
/// only its SHA-256, as the key of a token_hash entry, so neither this
/// document nor the audit log holds anything that lets a reader sign in.
/// </summary>
public sealed record TokenDocument(string Id, string PrincipalId, string Description, DateTimeOffset CreatedAt, long RevisionNumber = 0);
