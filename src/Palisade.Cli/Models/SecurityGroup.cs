namespace Palisade.Cli.Models;

internal sealed record SecurityGroup(
    string Id,
    string? ProjectId,
    string Name,
    string? Description,
    string Status,
    bool Stateful,
    IReadOnlyList<Rule> Rules,
    long RevisionNumber);
