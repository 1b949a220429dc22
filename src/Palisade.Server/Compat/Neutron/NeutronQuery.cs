using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// Neutron's list conventions over JSON views: filters (<c>?name=a&amp;name=b</c> is OR, keys AND,
/// unknown keys 400), <c>fields=</c>, <c>sort_key</c>/<c>sort_dir</c> pairs, <c>limit</c> and
/// <c>marker</c> with a <c>&lt;collection&gt;_links</c> next link.
/// </summary>
internal static class NeutronQuery
{
    private static readonly HashSet<string> Reserved = ["fields", "sort_key", "sort_dir", "limit", "marker", "page_reverse", "tags", "tags-any", "not-tags", "not-tags-any"];

    /// <param name="filteredByCaller">Filters the caller has applied itself (they stay in the next link).</param>
    /// <param name="converters">
    /// What a filter's values go through before they are compared, as Neutron passes them through the
    /// attribute's <c>convert_to</c> (neutron/api/api_common.py, <c>get_filters_from_dict</c>), so
    /// <c>ethertype=ipv6</c> finds IPv6 rules; a value the converter refuses is its 400.
    /// </param>
    public static JsonObject List(HttpContext context, string collection, IEnumerable<JsonObject> items, IReadOnlySet<string> filters, IReadOnlySet<string> sortKeys, IReadOnlySet<string>? filteredByCaller = null, IReadOnlyDictionary<string, Func<string, string>>? converters = null)
    {
        var query = context.Request.Query;
        foreach (var key in query.Keys.Where(k => !Reserved.Contains(k) && filteredByCaller?.Contains(k) != true))
        {
            if (!filters.Contains(key))
            {
                throw NeutronErrors.BadRequest("HTTPBadRequest", $"[{key}] is invalid attribute for filtering");
            }

            var convert = converters?.GetValueOrDefault(key) ?? (v => v is "True" or "False" ? v.ToLowerInvariant() : v);
            var wanted = query[key].Select(v => convert(v ?? "")).ToHashSet(StringComparer.Ordinal);
            items = items.Where(item => wanted.Contains(Text(item[key])));
        }

        items = TagFilters(query, items);
        var keys = query["sort_key"].Select(k => k!).ToList();
        var directions = query["sort_dir"].Select(d => d!).ToList();
        if (keys.Count != directions.Count)
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", "The number of sort_keys and sort_dirs must be same");
        }

        foreach (var key in keys.Where(k => !sortKeys.Contains(k)))
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", $"{key} is invalid attribute for sort_keys");
        }

        foreach (var direction in directions.Where(d => d is not ("asc" or "desc")))
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", $"{direction} is invalid value for sort_dirs, valid values are 'asc' and 'desc'");
        }

        var ordered = items.OrderBy(_ => 0);
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            ordered = directions.ElementAtOrDefault(i) == "desc"
                ? ordered.ThenByDescending(item => Text(item[key]), StringComparer.OrdinalIgnoreCase)
                : ordered.ThenBy(item => Text(item[key]), StringComparer.OrdinalIgnoreCase);
        }

        var sorted = ordered.ThenBy(item => Text(item["id"]), StringComparer.Ordinal).ToList();
        var limitText = query["limit"].ToString();
        var limit = 0;
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            throw NeutronErrors.BadRequest("HTTPBadRequest", $"Limit must be an integer 0 or greater and not '{limitText}'");
        }

        var marker = query["marker"].ToString();
        if (marker.Length > 0)
        {
            var at = sorted.FindIndex(item => Text(item["id"]) == marker);
            if (at < 0)
            {
                throw NeutronErrors.BadRequest("HTTPBadRequest", $"Marker {marker} could not be found");
            }

            sorted = sorted[(at + 1)..];
        }

        var result = new JsonObject();
        var page = limit > 0 ? sorted.Take(limit).ToList() : sorted;
        var fields = Fields(context);
        result[collection] = new JsonArray([.. page.Select(item => Project(item, fields))]);
        if (limit > 0 && sorted.Count > limit)
        {
            var next = context.Request.Query
                .Where(q => q.Key != "marker")
                .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
                .Append($"marker={Uri.EscapeDataString(Text(page[^1]["id"]))}");
            var href = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?{string.Join('&', next)}";
            result[collection + "_links"] = new JsonArray(new JsonObject { ["rel"] = "next", ["href"] = href });
        }

        return result;
    }

    /// <summary>tags (all of), tags-any, not-tags (not all of), not-tags-any (none of): comma-separated lists.</summary>
    private static IEnumerable<JsonObject> TagFilters(IQueryCollection query, IEnumerable<JsonObject> items)
    {
        HashSet<string>? Wanted(string name) => query[name].Count == 0 ? null : [.. query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))];
        HashSet<string> Tags(JsonObject item) => [.. (item["tags"] as JsonArray ?? []).Select(t => (string)t!)];
        if (Wanted("tags") is { } all)
        {
            items = items.Where(i => all.IsSubsetOf(Tags(i)));
        }

        if (Wanted("tags-any") is { } any)
        {
            items = items.Where(i => any.Overlaps(Tags(i)));
        }

        if (Wanted("not-tags") is { } notAll)
        {
            items = items.Where(i => !notAll.IsSubsetOf(Tags(i)));
        }

        if (Wanted("not-tags-any") is { } none)
        {
            items = items.Where(i => !none.Overlaps(Tags(i)));
        }

        return items;
    }

    /// <summary>
    /// A boolean filter value as neutron-lib's <c>convert_to_boolean</c> reads it (oslo's
    /// <c>bool_from_string</c>, strict): <c>true</c>/<c>1</c>/<c>yes</c>/<c>on</c>/<c>t</c>/<c>y</c> in any case, and their opposites.
    /// </summary>
    public static string Boolean(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" or "t" or "y" => "true",
        "false" or "0" or "no" or "off" or "f" or "n" => "false",
        _ => throw NeutronErrors.BadRequest("InvalidInput", $"Invalid input for operation: '{value}' cannot be converted to boolean."),
    };

    /// <summary>The <c>fields=</c> asked for (repeatable); none means all.</summary>
    public static List<string> Fields(HttpContext context) => [.. context.Request.Query["fields"].Where(f => !string.IsNullOrEmpty(f)).Select(f => f!)];

    /// <summary>Only the requested fields, as Neutron answers <c>fields=</c>; all of them when none is asked.</summary>
    public static JsonObject Project(JsonObject item, IReadOnlyList<string> fields) =>
        fields.Count == 0
            ? (JsonObject)item.DeepClone()
            : new JsonObject(item.Where(p => fields.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>() ? "true" : "false",
        _ => node.ToJsonString(),
    };
}
