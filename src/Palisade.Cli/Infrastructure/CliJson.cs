using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Palisade.Cli.Infrastructure;

/// <summary>
/// The server's wire format: snake_case. Unlike the server, the CLI tolerates fields it does not
/// know, so an older CLI keeps working against a newer server; requests leave out what is unset.
/// </summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>For what the CLI prints and writes: indented, and without escaping characters a person can read.</summary>
    public static JsonSerializerOptions Indented { get; } = new(Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
