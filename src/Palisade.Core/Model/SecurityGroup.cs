using System.Collections.Immutable;

namespace Palisade.Core.Model;

/// <summary>A named set of allow rules. <see cref="ProjectId"/> null means platform-owned.</summary>
public sealed record SecurityGroup(
    string Id,
    string? ProjectId,
    string Name,
    ImmutableArray<SecurityGroupRule> Rules,
    string Description = "",
    GroupStatus Status = GroupStatus.Enabled,
    bool Stateful = true)
{
    /// <summary>The name every project's own default group carries; no other group may take it.</summary>
    public const string DefaultName = "default";

    public bool IsDefault => ProjectId is not null && string.Equals(Name, DefaultName, StringComparison.OrdinalIgnoreCase);
}
