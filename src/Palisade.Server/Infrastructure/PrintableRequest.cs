namespace Palisade.Server.Infrastructure;

/// <summary>
/// Paths and query strings carry ids, names and filters, all printable text. A control character
/// there (%00 above all, which PostgreSQL's text type refuses) can only be a client's mistake, so the
/// dialects refuse it before a handler reads it, each in its own error shape.
/// </summary>
internal static class PrintableRequest
{
    /// <summary>The name of the first route or query value (or query name) holding a control character, or null.</summary>
    public static string? FindControlCharacter(HttpRequest request)
    {
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && text.Any(char.IsControl))
            {
                return name;
            }
        }

        foreach (var (name, values) in request.Query)
        {
            if (name.Any(char.IsControl) || values.Any(v => v is not null && v.Any(char.IsControl)))
            {
                return name.Any(char.IsControl) ? "a query parameter name" : name;
            }
        }

        return null;
    }

    /// <summary>The refusal's text, the same in every dialect.</summary>
    public static string Message(string name) => $"Invalid input for {name}: it contains a control character.";
}
