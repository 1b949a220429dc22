using System.Collections.Immutable;
using System.Text.Json;

namespace Palisade.Nftables;

/// <summary>
/// Reads the output of <c>nft -j list counters table inet palisade</c>. The JSON is an object whose
/// <c>nftables</c> array holds a <c>metainfo</c> entry and one <c>{"counter": {…}}</c> per counter;
/// counters of other tables and names the renderer does not make are ignored, so a hand-added
/// counter cannot break the report.
/// </summary>
public static class CounterParser
{
    /// <exception cref="JsonException">The text is not JSON of that shape.</exception>
    public static CounterReport Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var rules = ImmutableDictionary.CreateBuilder<string, CounterValue>(StringComparer.Ordinal);
        var platform = ImmutableDictionary.CreateBuilder<string, CounterValue>(StringComparer.Ordinal);
        var ingress = ImmutableDictionary.CreateBuilder<string, CounterValue>(StringComparer.Ordinal);
        var egress = ImmutableDictionary.CreateBuilder<string, CounterValue>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("nftables", out var entries)
            || entries.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("expected an object with an \"nftables\" array");
        }

        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("counter", out var counter) || !IsOurs(counter))
            {
                continue;
            }

            var name = counter.GetProperty("name").GetString() ?? string.Empty;
            var value = new CounterValue(counter.GetProperty("packets").GetInt64(), counter.GetProperty("bytes").GetInt64());
            var (target, prefix) = name switch
            {
                _ when name.StartsWith(NftNames.RulePrefix, StringComparison.Ordinal) => (rules, NftNames.RulePrefix),
                _ when name.StartsWith(NftNames.PlatformPrefix, StringComparison.Ordinal) => (platform, NftNames.PlatformPrefix),
                _ when name.StartsWith(NftNames.IngressDropPrefix, StringComparison.Ordinal) => (ingress, NftNames.IngressDropPrefix),
                _ when name.StartsWith(NftNames.EgressDropPrefix, StringComparison.Ordinal) => (egress, NftNames.EgressDropPrefix),
                _ => (null, string.Empty),
            };
            if (target is not null && NftNames.Decode(name[prefix.Length..]) is { } id)
            {
                target[id] = value;
            }
        }

        return new CounterReport(rules.ToImmutable(), platform.ToImmutable(), ingress.ToImmutable(), egress.ToImmutable());
    }

    private static bool IsOurs(JsonElement counter) =>
        counter.ValueKind == JsonValueKind.Object
        && counter.TryGetProperty("family", out var family) && family.GetString() == "inet"
        && counter.TryGetProperty("table", out var table) && table.GetString() == "palisade";
}
