using System.Text.Json;
using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>Typed access to stored documents.</summary>
internal static class StoreSessionExtensions
{
    public static async Task<T?> GetAsync<T>(this IStoreSession session, string kind, string id, CancellationToken cancellationToken)
        where T : class
    {
        var stored = await session.GetAsync(kind, id, cancellationToken);
        return stored is null ? null : JsonSerializer.Deserialize<T>(stored.Body, JsonDefaults.Options);
    }

    /// <summary>The document, or a 404 naming what was missing.</summary>
    public static async Task<T> RequireAsync<T>(this IStoreSession session, string kind, string id, string what, CancellationToken cancellationToken)
        where T : class =>
        await session.GetAsync<T>(kind, id, cancellationToken) ?? throw ApiException.NotFound(what, id);

    public static async Task<List<T>> ListAsync<T>(this IStoreSession session, string kind, string? projectId, CancellationToken cancellationToken)
    {
        var stored = await session.ListAsync(kind, projectId, cancellationToken);
        return [.. stored.Select(s => JsonSerializer.Deserialize<T>(s.Body, JsonDefaults.Options)!)];
    }

    public static Task PutAsync<T>(this IStoreSession session, string kind, string id, string? projectId, T document, CancellationToken cancellationToken) =>
        session.PutAsync(kind, id, projectId, JsonSerializer.Serialize(document, JsonDefaults.Options), cancellationToken);
}
