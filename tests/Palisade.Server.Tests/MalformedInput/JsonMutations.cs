using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

/// <summary>
/// Ways to spoil a valid JSON body so that no server may accept it: every mutation here leaves a
/// body that is not JSON, not UTF-8, has a name twice, a lone surrogate, a U+0000, nesting deeper
/// than any reader allows, or a value of the wrong type (the requests it is applied to are refused
/// late even when valid, so a wrong type that a field tolerates still changes nothing).
/// </summary>
internal static class JsonMutations
{
    /// <summary>Bytes that can never appear in UTF-8 JSON text: C0 controls other than whitespace, overlong leads, and bytes above F4.</summary>
    private static readonly byte[] NeverValid = [0x00, 0x01, 0x02, 0x07, 0x08, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f, 0xc0, 0xc1, 0xf5, 0xf8, 0xfe, 0xff];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xff], [0x80], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xf4, 0x90, 0x80, 0x80],
    ];

    private static readonly string[] LoneSurrogates = [@"\ud800", @"\udfff", @"\ud800\u0041", @"\udc00\ud800", @"\uDBFF"];

    private static readonly string[] WrongValues =
    [
        "5", "-1", "0", "true", "false", "null", "[]", "{}", "[\"x\"]", "{\"a\":1}", "\"x\"", "\"\"", "1.5", "1e400", "-1e400", "123456789012345678901234567890",
        "-2147483649", "4294967296", "9223372036854775808", "[null]", "[[]]", "\"" + new string('x', 5000) + "\"", "\"-1\"", "\"99999999999999999999\"",
    ];

    public static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/json; charset=iso-8859-1",
        "application/json; charset=utf-16", "application/octet-stream", "application/merge-patch+json", "*/*",
    ];

    /// <summary>One mutation of <paramref name="json"/>, chosen by <paramref name="random"/>, and what it did.</summary>
    public static (byte[] Body, string Why) Mutate(string json, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        switch (random.Next(9))
        {
            case 0:
                return (bytes[..random.Next(1, bytes.Length)], "truncated");
            case 1:
            {
                var spoiled = (byte[])bytes.Clone();
                var count = random.Next(1, 4);
                for (var i = 0; i < count; i++)
                {
                    spoiled[random.Next(spoiled.Length)] = NeverValid[random.Next(NeverValid.Length)];
                }

                return (spoiled, "invalid byte");
            }

            case 2:
                return (InsertAfterQuote(bytes, InvalidUtf8[random.Next(InvalidUtf8.Length)], random), "invalid UTF-8 in a string");
            case 3:
                return (InsertAfterQuote(bytes, Encoding.ASCII.GetBytes(LoneSurrogates[random.Next(LoneSurrogates.Length)]), random), "lone surrogate");
            case 4:
                return (InsertAfterQuote(bytes, Encoding.ASCII.GetBytes(@"\u0000"), random), "U+0000 in a string");
            case 5:
                return (Encoding.UTF8.GetBytes(DuplicateKey(json, random)), "duplicate key");
            case 6:
                return (Encoding.UTF8.GetBytes(ReplaceLeaf(json, random, Nesting(random))), "deep nesting");
            case 7:
                return (Encoding.UTF8.GetBytes(ReplaceLeaf(json, random, WrongValues[random.Next(WrongValues.Length)])), "wrong type");
            default:
                return (Encoding.UTF8.GetBytes(ReplaceLeaf(json, random, random.Next(2) == 0 ? "1e400" : "123456789012345678901234567890123456789")), "huge number");
        }
    }

    /// <summary>Inserts after a random quote: inside a string when it opens one, a stray token when it closes one; invalid either way.</summary>
    private static byte[] InsertAfterQuote(byte[] bytes, byte[] insert, Random random)
    {
        var quotes = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == (byte)'"').ToList();
        var at = quotes.Count == 0 ? 0 : quotes[random.Next(quotes.Count)] + 1;
        return [.. bytes[..at], .. insert, .. bytes[at..]];
    }

    private static string Nesting(Random random)
    {
        var depth = random.Next(65, 3000);
        return random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    /// <summary>The body with one property of one object written twice (the copy with the same or another value).</summary>
    private static string DuplicateKey(string json, Random random)
    {
        var root = JsonNode.Parse(json)!;
        var objects = Descendants(root).OfType<JsonObject>().Where(o => o.Count > 0).ToList();
        var target = objects[random.Next(objects.Count)];
        var name = target.ElementAt(random.Next(target.Count)).Key;
        var copy = random.Next(2) == 0 ? target[name]?.ToJsonString() ?? "null" : WrongValues[random.Next(WrongValues.Length)];
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(root, writer, target, name, copy);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(JsonNode? node, Utf8JsonWriter writer, JsonObject target, string name, string copy)
    {
        switch (node)
        {
            case JsonObject properties:
                writer.WriteStartObject();
                foreach (var (key, value) in properties)
                {
                    writer.WritePropertyName(key);
                    Write(value, writer, target, name, copy);
                    if (ReferenceEquals(properties, target) && key == name)
                    {
                        writer.WritePropertyName(key);
                        writer.WriteRawValue(copy, skipInputValidation: true);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonArray items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(item, writer, target, name, copy);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    /// <summary>The body with one value (a leaf, or a whole array or object) replaced by <paramref name="raw"/> JSON text.</summary>
    private static string ReplaceLeaf(string json, Random random, string raw)
    {
        var root = JsonNode.Parse(json)!;
        var slots = Descendants(root).Where(n => n is not null && n.Parent is not null).ToList();
        if (slots.Count == 0)
        {
            return raw;
        }

        var slot = slots[random.Next(slots.Count)]!;
        const string Marker = "\"__fuzz_marker__\"";
        switch (slot.Parent)
        {
            case JsonObject parent:
                parent[slot.GetPropertyName()] = "__fuzz_marker__";
                break;
            case JsonArray array:
                array[slot.GetElementIndex()] = "__fuzz_marker__";
                break;
        }

        return root.ToJsonString().Replace(Marker, raw, StringComparison.Ordinal);
    }

    private static IEnumerable<JsonNode?> Descendants(JsonNode? node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.ToList())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
