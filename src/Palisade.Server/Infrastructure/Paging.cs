using System.Globalization;
using System.Text;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// Every list pages: <c>?limit=N</c> (default and maximum 1,000) and <c>?cursor=</c> from the
/// previous page's <c>Link: &lt;…&gt;; rel="next"</c> header (RFC 8288), so the body stays a plain
/// array. Lists sort by id, or by <c>?sort=name</c> / <c>?sort=-name</c> among the keys a list
/// offers, with the id breaking ties so paging never skips or repeats an item.
/// </summary>
internal static class Paging
{
    public const int MaxLimit = 1000;

    public static List<T> Page<T>(this IEnumerable<T> items, Func<T, string> id, int? limit, string? cursor, HttpContext context, params (string Name, Func<T, string?> Key)[] sortKeys)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw ApiException.Invalid("limit", $"must be 1-{MaxLimit}.");
        }

        var sort = context.Request.Query["sort"].ToString();
        var descending = sort.StartsWith('-');
        var sortName = descending ? sort[1..] : sort;
        Func<T, string?> key = _ => "";
        if (sort.Length > 0)
        {
            key = sortKeys.FirstOrDefault(k => k.Name == sortName).Key
                ?? throw ApiException.Invalid("sort", $"'{sort}' is not a sort key here; use {string.Join(", ", sortKeys.Select(k => k.Name).Prepend("id"))}, with - for descending.");
        }

        if (sortName == "id")
        {
            key = _ => "";
        }

        var after = cursor is null ? null : DecodeCursor(cursor, sort.Length > 0 && sortName != "id");
        var sign = descending ? -1 : 1;
        int Compare((string Key, string Id) a, (string Key, string Id) b)
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return sign * (byKey != 0 ? byKey : string.CompareOrdinal(a.Id, b.Id));
        }

        var size = limit ?? MaxLimit;
        var page = items
            .Select(item => (Item: item, Position: (Key: key(item) ?? "", Id: id(item))))
            .Where(entry => after is null || Compare(entry.Position, after.Value) > 0)
            .Order(Comparer<(T Item, (string Key, string Id) Position)>.Create((a, b) => Compare(a.Position, b.Position)))
            .Take(size + 1)
            .ToList();
        if (page.Count <= size)
        {
            return [.. page.Select(entry => entry.Item)];
        }

        page.RemoveAt(size);
        var last = page[^1].Position;
        var nextCursor = sort.Length > 0 && sortName != "id" ? EncodeCursor(last) : last.Id;
        var query = context.Request.Query
            .Where(q => q.Key is not ("cursor" or "limit"))
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append(string.Create(CultureInfo.InvariantCulture, $"limit={size}"))
            .Append($"cursor={Uri.EscapeDataString(nextCursor)}");
        context.Response.Headers.Link = $"<{context.Request.Path}?{string.Join('&', query)}>; rel=\"next\"";
        return [.. page.Select(entry => entry.Item)];
    }

    /// <summary>A sorted list's cursor carries the sort value and the id, base64url-encoded; an id-sorted list's cursor is the id itself.</summary>
    private static string EncodeCursor((string Key, string Id) position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(position.Key + "\n" + position.Id)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (string Key, string Id)? DecodeCursor(string cursor, bool sorted)
    {
        if (!sorted)
        {
            return ("", cursor);
        }

        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            return split >= 0 ? (text[..split], text[(split + 1)..]) : throw new FormatException();
        }
        catch (FormatException)
        {
            throw ApiException.Invalid("cursor", "is not a cursor from this list's next link.");
        }
    }
}
