namespace Palisade.Server.Documents;

public sealed record ProjectDocument(string Id, string Name, string GroupsManagedBy, long RevisionNumber = 0);
