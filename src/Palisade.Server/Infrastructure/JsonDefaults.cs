using System.Text.Json;
using System.Text.Json.Serialization;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// snake_case like Neutron's API; unknown fields are refused so a typo is not silently ignored, and
/// so is a field given twice (RFC 8259 §4 leaves its meaning undefined; the last would silently win).
/// The duplicate check decodes every name while the body is bound, so a name that is not text (a
/// lone surrogate escape) is refused there as malformed JSON, not met later by a handler that reads
/// a bound JsonElement (the rules endpoint), where it was a 500.
/// </summary>
internal static class JsonDefaults
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.AllowDuplicateProperties = false;
        return options;
    }
}
