namespace Palisade.Server.Documents;

public sealed record PrincipalDocument(string Id, string Name, long RevisionNumber = 0);
