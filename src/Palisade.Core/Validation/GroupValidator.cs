using System.Collections.Immutable;
using Palisade.Core.Model;

namespace Palisade.Core.Validation;

/// <summary>
/// Validates a group's name, description and status. <c>default</c> is reserved, case-insensitively,
/// for the group every project is created with (Neutron refuses it on create and rename alike).
/// </summary>
public static class GroupValidator
{
    public const int MaxNameLength = 255;
    public const int MaxDescriptionLength = 255;

    /// <param name="draft">The request.</param>
    /// <param name="isDefaultGroup">True when the draft updates the project's own default group, which keeps its name.</param>
    public static ImmutableArray<ValidationError> Validate(GroupDraft draft, bool isDefaultGroup = false)
    {
        var errors = ImmutableArray.CreateBuilder<ValidationError>();
        var name = draft.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new("name", "is required."));
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(new("name", $"must be at most {MaxNameLength} characters (got {name.Length})."));
        }
        else if (name.Any(char.IsControl))
        {
            errors.Add(new("name", "must not contain control characters."));
        }
        else if (isDefaultGroup && !name.Equals(SecurityGroup.DefaultName, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new("name", "the default group cannot be renamed."));
        }
        else if (!isDefaultGroup && name.Trim().Equals(SecurityGroup.DefaultName, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new("name", "'default' is reserved for the project's default group."));
        }

        if ((draft.Description?.Length ?? 0) > MaxDescriptionLength)
        {
            errors.Add(new("description", $"must be at most {MaxDescriptionLength} characters (got {draft.Description!.Length})."));
        }

        if (draft.Status is not null && !TryParseStatus(draft.Status, out _))
        {
            errors.Add(new("status", $"'{draft.Status}' is not a status: use 'enabled' or 'disabled'."));
        }

        return errors.ToImmutable();
    }

    public static bool TryParseStatus(string? text, out GroupStatus status)
    {
        status = GroupStatus.Enabled;
        switch (text?.ToLowerInvariant())
        {
            case null or "enabled":
                return true;
            case "disabled":
                status = GroupStatus.Disabled;
                return true;
            default:
                return false;
        }
    }
}
