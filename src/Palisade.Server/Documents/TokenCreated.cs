namespace Palisade.Server.Documents;

/// <summary>The answer to making a token: the only time its secret is shown.</summary>
public sealed record TokenCreated(string Id, string PrincipalId, string Description, DateTimeOffset CreatedAt, string Token, long RevisionNumber);
