using System.Globalization;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// Every list pages by id: <c>?limit=N</c> (default and maximum 1,000) and <c>?cursor=</c> the last
/// id seen. The next page's address is in a <c>Link: &lt;…&gt;; rel="next"</c> header (RFC 8288),
/// so the body stays a plain array.
/// </summary>
internal static class Paging
{
    public const int MaxLimit = 1000;

    public static List<T> Page<T>(this IEnumerable<T> items, Func<T, string> id, int? limit, string? cursor, HttpContext context)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw ApiException.Invalid("limit", $"must be 1-{MaxLimit}.");
        }

        var size = limit ?? MaxLimit;
        var page = items
            .Where(item => cursor is null || string.CompareOrdinal(id(item), cursor) > 0)
            .OrderBy(id, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        if (page.Count <= size)
        {
            return page;
        }

        page.RemoveAt(size);
        var query = context.Request.Query
            .Where(q => q.Key is not ("cursor" or "limit"))
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append(string.Create(CultureInfo.InvariantCulture, $"limit={size}"))
            .Append($"cursor={Uri.EscapeDataString(id(page[^1]))}");
        context.Response.Headers.Link = $"<{context.Request.Path}?{string.Join('&', query)}>; rel=\"next\"";
        return page;
    }
}
