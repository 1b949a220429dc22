namespace Palisade.Server.Documents;

public sealed record NetworkDocument(string Id, string ProjectId, string Name, long RevisionNumber = 0);
