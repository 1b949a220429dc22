using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

/// <summary>API key pairs for signed requests (the CloudStack dialect), made by platform admins as CloudStack's registerUserKeys does.</summary>
public static class ApiKeysApi
{
    public sealed record ApiKeyCreated(string ApiKey, string SecretKey, string PrincipalId);

    /// <summary>A key pair as lists show it: the public half and when it was made, never the secret.</summary>
    public sealed record ApiKeyListed(string ApiKey, string PrincipalId, DateTimeOffset CreatedAt);

    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/principals/{principalId}/api-keys").WithTags("Identity");
        api.MapPost("/", CreateAsync).WithName("CreateApiKey").WithSummary("Make an API key pair; the secret is shown only in this answer");
        api.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("A principal's API keys, without their secrets")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{apiKey}", DeleteAsync).WithName("DeleteApiKey");
        return app;
    }

    internal static async Task<Created<ApiKeyCreated>> CreateAsync(string principalId, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        var key = new ApiKeyDocument(Base64Url(RandomNumberGenerator.GetBytes(32)), principalId, Base64Url(RandomNumberGenerator.GetBytes(48)), DateTimeOffset.UtcNow);
        await store.WriteAsync(async session =>
        {
            await BuiltInPrincipal.RequireAsync(session, principalId, cancellationToken);
            await session.AddApiKeyAsync(key.ToRow(), cancellationToken);
            return true;
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/principals/{principalId}/api-keys/{key.ApiKey}", new ApiKeyCreated(key.ApiKey, key.SecretKey, principalId));
    }

    internal static async Task<Ok<List<ApiKeyListed>>> ListAsync(string principalId, int? limit, string? cursor, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        var keys = await store.ReadAsync(async session =>
        {
            await BuiltInPrincipal.RequireAsync(session, principalId, cancellationToken);
            return await session.ApiKeysOfAsync(principalId, cancellationToken);
        }, cancellationToken);
        return TypedResults.Ok(keys.Select(k => new ApiKeyListed(k.ApiKey, k.PrincipalId, k.CreatedAt)).Page(k => k.ApiKey, limit, cursor, context));
    }

    internal static async Task<NoContent> DeleteAsync(string principalId, string apiKey, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        await store.WriteAsync(async session =>
        {
            var key = await session.ApiKeyAsync(apiKey, cancellationToken);
            return key is not null && key.PrincipalId == principalId
                ? await session.DeleteApiKeyAsync(apiKey, cancellationToken) is not null
                : throw ApiException.NotFound("api key", apiKey);
        }, cancellationToken);
        return TypedResults.NoContent();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
