namespace Palisade.Core.Model;

/// <summary>A disabled group stays bound but contributes no rules (design.md §2).</summary>
public enum GroupStatus
{
    Enabled,
    Disabled,
}
