using System.Net.Http.Headers;
using System.Text;

namespace Palisade.Server.Tests;

/// <summary>
/// One generated request, kept as bytes so that invalid UTF-8 reaches the server as sent. Its text
/// form is what a failure prints: with the seed and the index it replays the request exactly.
/// </summary>
public sealed record FuzzRequest(string Method, string PathAndQuery, byte[]? Body, string? ContentType, string Why, bool Write, IReadOnlyDictionary<string, string> Headers)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), PathAndQuery);
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (!string.IsNullOrEmpty(ContentType))
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            }
        }

        return message;
    }

    /// <summary>The request as text, bytes that are not printable ASCII as \xNN, long parts cut.</summary>
    public override string ToString()
    {
        var body = Body is null ? "" : Printable(Body);
        return $"{Method} {Cut(PathAndQuery)} [{Why}] ({ContentType}) {Cut(body)}";
    }

    public static string Printable(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}");
        }

        return text.ToString();
    }

    private static string Cut(string text) => text.Length > 400 ? text[..400] + $"…({text.Length} chars)" : text;
}
