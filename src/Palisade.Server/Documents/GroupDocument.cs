namespace Palisade.Server.Documents;

public sealed record GroupDocument(
    string Id,
    string? ProjectId,
    string Name,
    string Description,
    string Status,
    bool Stateful,
    IReadOnlyList<RuleDocument> Rules,
    long RevisionNumber = 0);
