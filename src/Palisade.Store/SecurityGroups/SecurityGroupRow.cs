namespace Palisade.Store;

/// <summary>
/// A security group as its own row (table <c>security_groups</c>), without its rules, which are rows
/// of their own (<see cref="RuleRow"/>). <see cref="ProjectId"/> is null for a platform-owned group
/// (Cloud Foundry ASGs). <see cref="Revision"/>, <see cref="CreatedAt"/> and <see cref="UpdatedAt"/>
/// are stamped by the store on every write; what a caller passes in for them is ignored.
/// </summary>
public sealed record SecurityGroupRow(
    string Id,
    string? ProjectId,
    string Name,
    string Description,
    string Status,
    bool Stateful,
    long Revision = 0,
    DateTimeOffset CreatedAt = default,
    DateTimeOffset UpdatedAt = default);
