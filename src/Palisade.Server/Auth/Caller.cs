using System.Collections.Frozen;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Auth;

/// <summary>
/// Who is calling and what they may do. Another project's resources do not exist for a caller
/// (404, never 403, never listed); a resource the caller may read but not change is 403.
/// Platform-owned groups (no project) are readable by everyone, so tenants can name them as remote
/// groups, and changed by platform admins only.
/// </summary>
public sealed class Caller(string principal, bool isPlatformAdmin, FrozenDictionary<string, ProjectRole> roles)
{
    internal const string ItemKey = "palisade.caller";

    public string Principal { get; } = principal;

    public bool IsPlatformAdmin { get; } = isPlatformAdmin;

    public FrozenDictionary<string, ProjectRole> Roles { get; } = roles;

    /// <summary>Minimal APIs bind a <see cref="Caller"/> parameter from what the authentication middleware found.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult(context.Items[ItemKey] as Caller);

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
