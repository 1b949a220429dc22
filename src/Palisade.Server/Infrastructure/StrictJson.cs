using System.Text.Json;
using System.Text.Json.Nodes;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// The one way the compatible dialects read a JSON body. System.Text.Json's node parser checks the
/// syntax but leaves three things to the first read of a value, which then throws something other
/// than a <see cref="JsonException"/> (a 500): a property given twice (RFC 8259 §4 leaves duplicate
/// names undefined; the last one would silently win, or the object would fail to load), text that is
/// not UTF-8 (RFC 8259 §8.1), and a <c>\uD800</c> escape without its pair (RFC 8259 §8.2: such a string
/// has no Unicode meaning). This reader refuses all three, and U+0000 in any string (no field takes
/// it and PostgreSQL text cannot hold it), as a <see cref="JsonException"/>, which every dialect
/// answers with its own 400; nothing is read lazily afterwards.
/// </summary>
internal static class StrictJson
{
    private static readonly JsonDocumentOptions Document = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>The body as a node (null for the JSON literal null), or a <see cref="JsonException"/> saying why it is not one.</summary>
    public static async Task<JsonNode?> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        JsonNode? node;
        try
        {
            // The duplicate check reads every property name, so it can meet a bad one too.
            node = await JsonNode.ParseAsync(body, documentOptions: Document, cancellationToken: cancellationToken);
            Check(node);
        }
        catch (InvalidOperationException invalid)
        {
            // Invalid UTF-8 or a lone surrogate escape, found when the value is first read: the reader's own words say which.
            throw new JsonException($"The request body has a string that is not valid text: {invalid.Message}", null, null, null, invalid);
        }

        return node;
    }

    /// <summary>Reads every name and string once, so a fault surfaces here and not in a handler; paths are made only for a refusal.</summary>
    private static void Check(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject properties:
                foreach (var (name, value) in properties)
                {
                    if (name.Contains('\0', StringComparison.Ordinal))
                    {
                        throw Nul(properties.GetPath());
                    }

                    Check(value);
                }

                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    Check(item);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Contains('\0', StringComparison.Ordinal):
                throw Nul(value.GetPath());
        }
    }

    private static JsonException Nul(string path) => new($"The request body has U+0000 at {path}.", path, null, null);
}
