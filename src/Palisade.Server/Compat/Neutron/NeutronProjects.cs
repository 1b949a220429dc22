using Palisade.Server.Auth;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// Which project a Neutron create is for. Neutron takes it from the token's scope: a token from
/// the Keystone endpoint (/identity) has one; another Palisade token is scoped by its roles, so a
/// caller with one project needs no project_id, and one with several (or a platform admin) names it.
/// </summary>
internal static class NeutronProjects
{
    /// <param name="action">Neutron's policy action, named in the refusal (<c>create_security_group</c>).</param>
    public static string Of(Caller caller, string? requested, string action)
    {
        if (requested is not null)
        {
            EnsureMayCreateFor(caller, requested, action);
            return requested;
        }

        if (caller.ScopeProjectId is not null)
        {
            return caller.ScopeProjectId;
        }

        return caller.Roles.Count == 1
            ? caller.Roles.Keys.Single()
            : throw NeutronErrors.BadRequest("HTTPBadRequest", "Failed to parse request. Required attribute 'project_id' not specified");
    }

    /// <summary>
    /// Neutron's policy lets a non-admin create only in its own project, and says so with 403 (not
    /// 404: the project named is the caller's own input, so there is nothing to hide).
    /// </summary>
    public static void EnsureMayCreateFor(Caller caller, string project, string action)
    {
        if (!caller.IsPlatformAdmin && !caller.Roles.ContainsKey(project))
        {
            throw NotAuthorized(action);
        }
    }

    public static ApiException NotAuthorized(string action) => new(403, "Forbidden", $"rule:{action} is disallowed by policy", code: "PolicyNotAuthorized");
}
