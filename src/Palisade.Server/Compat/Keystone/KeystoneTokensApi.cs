using Palisade.Server.Apis;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Compat.Keystone;

/// <summary>
/// <c>/identity/v3/auth/tokens</c>: signing in issues a new Palisade token, of which only the
/// SHA-256 is stored, that expires (<see cref="KeystoneOptions"/>) and, when a project scope was
/// asked for, acts with the principal's role in that project only. The token leaves in the
/// X-Subject-Token header, its description in the body.
/// </summary>
internal static class KeystoneTokensApi
{
    public static RouteGroupBuilder MapKeystoneTokens(this RouteGroupBuilder v3)
    {
        v3.MapPost("/auth/tokens", IssueAsync);
        v3.MapDelete("/auth/tokens", RevokeAsync);
        return v3;
    }

    /// <summary>
    /// Signs in, unless the caller's address or the user it names has failed too often (429); a
    /// refusal (401) counts against both (<see cref="AuthFailureLimiter"/>).
    /// </summary>
    private static async Task<IResult> IssueAsync(HttpContext context, CallerResolver resolver, KeystoneOptions options, AuthFailureLimiter limiter, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var request = await KeystoneAuthRequest.ReadAsync(context.Request, cancellationToken);
        var user = request.User is { } named ? named.Id is { } id ? "keystone user id " + id : "keystone user " + named.Name : null;
        KeystoneErrors.EnsureNotLimited(context, user);
        try
        {
            return await IssueTokenAsync(context, request, resolver, options, store, cancellationToken);
        }
        catch (ApiException refused) when (refused.Status == 401)
        {
            limiter.Failed(context, user);
            throw;
        }
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext context, KeystoneAuthRequest request, CallerResolver resolver, KeystoneOptions options, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var (presented, source) = await resolver.ResolveTokenAsync(request.Secret, cancellationToken) ?? throw KeystoneErrors.Unauthorized();
        if (request.User is { } user && !IsUser(presented, user))
        {
            throw KeystoneErrors.Unauthorized();
        }

        // A token made from another never outlives it, so signing in again cannot stretch a token's life.
        var now = DateTimeOffset.UtcNow;
        var expiresAt = now + options.TokenLifetime;
        if (source?.ExpiresAt < expiresAt)
        {
            expiresAt = source.ExpiresAt.Value;
        }

        context.Items[BearerAuthentication.ActorKey] = presented.Principal;
        var (caller, project, token, secret) = await store.WriteAsync(async session =>
        {
            // The principal with all its roles: a scoped token may sign in to another of its projects, as Keystone allows by default.
            var principal = await CallerResolver.ForPrincipalAsync(session, presented.PrincipalId, cancellationToken) ?? throw KeystoneErrors.Unauthorized();
            var project = request.Project is null ? null : await FindProjectAsync(session, principal, request.Project, cancellationToken);
            var caller = project is null ? principal : principal.ScopedTo(project.Id) ?? throw KeystoneErrors.Unauthorized();
            await TokensApi.RemoveExpiredAsync(session, principal.PrincipalId, now, cancellationToken);
            var (token, secret) = await TokensApi.IssueAsync(session, principal.PrincipalId, $"Keystone token ({request.Method})", now, project?.Id, expiresAt, cancellationToken);
            return (caller, project, token, secret);
        }, cancellationToken);

        context.Response.Headers["X-Subject-Token"] = secret;
        return Results.Json(KeystoneTokenView.Token(context.Request, caller, project, token, request.Method), statusCode: 201);
    }

    /// <summary>
    /// Revokes the token in X-Subject-Token: the caller's own, or any for a platform admin (Keystone's
    /// <c>identity:revoke_token</c> policy). The admin token is no stored token and cannot be revoked.
    /// </summary>
    private static async Task<IResult> RevokeAsync(HttpContext context, CallerResolver resolver, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var caller = await KeystoneApi.AuthenticateAsync(context);
        var subject = context.Request.Headers["X-Subject-Token"].ToString();
        if (await resolver.ResolveTokenAsync(subject, cancellationToken) is not ({ } owner, { } token))
        {
            throw KeystoneErrors.NotFound("token", "the X-Subject-Token");
        }

        if (owner.PrincipalId != caller.PrincipalId && !caller.IsPlatformAdmin)
        {
            throw new ApiException(403, "Forbidden", "You are not authorized to perform the requested action: identity:revoke_token.");
        }

        await store.WriteAsync(session => TokensApi.RevokeAsync(session, token.Id, cancellationToken), cancellationToken);
        return Results.NoContent();
    }

    /// <summary>Whether the user the request names (by id, or by name in the Default domain) is the one whose token the password is.</summary>
    private static bool IsUser(Caller presented, KeystoneAuthRequest.UserReference user) =>
        user.Id is not null ? user.Id == presented.PrincipalId : user.Name == presented.Principal && IsDefaultDomain(user.DomainId, user.DomainName);

    /// <summary>
    /// The project to scope to, by id or by name in the Default domain, among those the principal
    /// may see. An unknown one is 401, as Keystone answers (it does not say which projects exist).
    /// </summary>
    private static async Task<ProjectDocument> FindProjectAsync(IStoreSession session, Caller principal, KeystoneAuthRequest.ProjectReference wanted, CancellationToken cancellationToken)
    {
        if (wanted.Id is not null)
        {
            return await session.GetAsync<ProjectDocument>(Kinds.Project, wanted.Id, cancellationToken) ?? throw KeystoneErrors.Unauthorized();
        }

        if (!IsDefaultDomain(wanted.DomainId, wanted.DomainName))
        {
            throw KeystoneErrors.Unauthorized();
        }

        // Palisade's project names need not be unique; among the principal's projects one must match.
        var named = (await session.ListAsync<ProjectDocument>(Kinds.Project, null, cancellationToken)).Where(p => p.Name == wanted.Name && principal.CanRead(p.Id)).ToList();
        return named.Count == 1 ? named[0] : throw KeystoneErrors.Unauthorized();
    }

    private static bool IsDefaultDomain(string? id, string? name) => id is null ? name == KeystoneApi.DomainName : id == KeystoneApi.DomainId && (name is null || name == KeystoneApi.DomainName);
}
