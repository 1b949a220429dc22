namespace Palisade.Server.Auth;

/// <summary>A principal's role in one project; each includes the ones before it.</summary>
public enum ProjectRole
{
    Reader,
    Member,
    Admin,
}
