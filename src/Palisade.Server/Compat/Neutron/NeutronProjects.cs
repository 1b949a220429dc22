using Palisade.Server.Auth;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// Which project a Neutron create is for. Neutron takes it from the token's scope: a token from
/// the Keystone endpoint (/identity) has one; another Palisade token is scoped by its roles, so a
/// caller with one project needs no project_id, and one with several (or a platform admin) names it.
/// </summary>
internal static class NeutronProjects
{
    public static string Of(Caller caller, string? requested)
    {
        if (requested is not null)
        {
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
}
