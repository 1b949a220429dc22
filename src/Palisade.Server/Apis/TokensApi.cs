using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

/// <summary>Bearer tokens of principals, made and revoked by platform admins. A token's secret is in the create answer only.</summary>
public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/tokens").WithTags("Identity");
        api.MapPost("/", CreateAsync).WithName("CreateToken").WithSummary("Make a token; its secret is shown only in this answer");
        api.MapGet("/", ListAsync).WithName("ListTokens");
        api.MapDelete("/{id}", DeleteAsync).WithName("RevokeToken");
        return app;
    }

    internal static async Task<Created<TokenCreated>> CreateAsync(TokenCreate request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        if (string.IsNullOrEmpty(request.PrincipalId))
        {
            throw ApiException.Invalid("principal_id", "is required.");
        }

        if (request.Description is { Length: > 255 })
        {
            throw ApiException.Invalid("description", "must be at most 255 characters.");
        }

        var (token, secret) = await store.WriteAsync(async session =>
        {
            await BuiltInPrincipal.RequireAsync(session, request.PrincipalId, cancellationToken);
            return await IssueAsync(session, request.PrincipalId, request.Description ?? "", DateTimeOffset.UtcNow, projectId: null, expiresAt: null, cancellationToken);
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/tokens/{token.Id}",
            new TokenCreated(token.Id, token.PrincipalId, token.Description, token.CreatedAt, secret, token.RevisionNumber));
    }

    /// <summary>Stores a new token of a principal and returns it with its secret, which is stored only as a hash.</summary>
    internal static async Task<(TokenDocument Token, string Secret)> IssueAsync(
        IStoreSession session, string principalId, string description, DateTimeOffset createdAt, string? projectId, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var secret = "pal_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var created = new TokenDocument(Guid.NewGuid().ToString(), principalId, description, createdAt, session.Revision, projectId, expiresAt);
        await session.AddTokenAsync(created.ToRow(), AdminToken.Hash(secret), cancellationToken);
        return (created, secret);
    }

    /// <summary>
    /// Removes a principal's expired tokens in one pass, so the tokens each Keystone login issues do
    /// not pile up in the store.
    /// </summary>
    internal static async Task RemoveExpiredAsync(IStoreSession session, string principalId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var token in await session.TokensAsync(principalId, cancellationToken))
        {
            if (token.ToDocument().HasExpired(now))
            {
                await session.DeleteTokenAsync(token.Id, cancellationToken);
            }
        }
    }

    internal static async Task<Ok<List<TokenDocument>>> ListAsync([FromQuery(Name = "principal_id")] string? principalId, int? limit, string? cursor, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        var tokens = await store.ReadAsync(s => s.TokensAsync(principalId, cancellationToken), cancellationToken);
        return TypedResults.Ok(tokens.Select(t => t.ToDocument()).Page(t => t.Id, limit, cursor, context));
    }

    internal static async Task<NoContent> DeleteAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        await store.WriteAsync(async session => await RevokeAsync(session, id, cancellationToken) ? true : throw ApiException.NotFound("token", id), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Removes the token, and with its row the hash that lets it sign in.</summary>
    internal static async Task<bool> RevokeAsync(IStoreSession session, string id, CancellationToken cancellationToken) =>
        await session.DeleteTokenAsync(id, cancellationToken) is not null;
}
