using System.Collections.Frozen;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Auth;

/// <summary>
/// Who is calling and what they may do. Another project's resources do not exist for a caller
/// (404, never 403, never listed); a resource the caller may read but not change is 403.
/// Platform-owned groups (no project) are seen by a project only where they are bound to it
/// (<see cref="GroupVisibility"/>), and changed by platform admins only. A token the Keystone endpoint issued is scoped to
/// one project: its caller holds only the role there (<see cref="ScopedTo"/>).
/// </summary>
public sealed class Caller(string principalId, string principal, bool isPlatformAdmin, FrozenDictionary<string, ProjectRole> roles, string? scopeProjectId = null)
{
    internal const string ItemKey = "palisade.caller";

    public string PrincipalId { get; } = principalId;

    public string Principal { get; } = principal;

    public bool IsPlatformAdmin { get; } = isPlatformAdmin;

    public FrozenDictionary<string, ProjectRole> Roles { get; } = roles;

    /// <summary>The project a Keystone token is scoped to, where creates without a project go; null for other tokens.</summary>
    public string? ScopeProjectId { get; } = scopeProjectId;

    /// <summary>Minimal APIs bind a <see cref="Caller"/> parameter from what the authentication middleware found.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult(context.Items[ItemKey] as Caller);

    /// <summary>
    /// This caller narrowed to one project, as a Keystone project-scoped token acts: only the role
    /// there (platform admins stay platform admins, as Keystone's admin role does). Null when the
    /// caller has no role there.
    /// </summary>
    public Caller? ScopedTo(string projectId)
    {
        if (IsPlatformAdmin)
        {
            return new Caller(PrincipalId, Principal, true, Roles, projectId);
        }

        return Roles.TryGetValue(projectId, out var role)
            ? new Caller(PrincipalId, Principal, false, new Dictionary<string, ProjectRole> { [projectId] = role }.ToFrozenDictionary(), projectId)
            : null;
    }

    /// <summary>The role this caller acts with in a project: platform admins are admins everywhere.</summary>
    public ProjectRole? RoleIn(string projectId) => IsPlatformAdmin ? ProjectRole.Admin : Roles.TryGetValue(projectId, out var role) ? role : null;

    public bool CanRead(string? projectId) => IsPlatformAdmin || projectId is null || Roles.ContainsKey(projectId);

    public void EnsureReadable(string? projectId, string what, string id)
    {
        if (!CanRead(projectId))
        {
            throw ApiException.NotFound(what, id);
        }
    }

    public void EnsurePlatformAdmin()
    {
        if (!IsPlatformAdmin)
        {
            throw new ApiException(403, "Forbidden", "Only platform admins may do this.");
        }
    }

    /// <summary>Networks, subnets and ports: members and project admins change them, readers only read.</summary>
    public void EnsureProjectWrite(string? projectId, string what, string id)
    {
        if (projectId is null)
        {
            EnsurePlatformAdmin();
            return;
        }

        EnsureReadable(projectId, what, id);
        if (!IsPlatformAdmin && Roles[projectId] < ProjectRole.Member)
        {
            throw new ApiException(403, "Forbidden", $"Your role in project {projectId} is reader: it may read, not change.");
        }
    }

    /// <summary>
    /// Groups, rules and bindings: as for ports, except in projects whose groups the platform manages
    /// (Cloud Foundry spaces, SAP BTP), where only platform admins change them.
    /// </summary>
    public void EnsureGroupWrite(ProjectDocument? project, string what, string id)
    {
        EnsureProjectWrite(project?.Id, what, id);
        if (!IsPlatformAdmin && project!.GroupsManagedBy == "platform")
        {
            throw new ApiException(403, "Forbidden", $"The security groups of project {project.Id} are managed by the platform; project roles only read them.");
        }
    }
}
