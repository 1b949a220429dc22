namespace Palisade.Core.Model;

/// <summary>
/// Who may change a project's groups: its members (OpenStack, CloudStack) or only platform
/// admins (Cloud Foundry / SAP BTP, where space roles only read).
/// </summary>
public enum GroupsManagedBy
{
    Project,
    Platform,
}
