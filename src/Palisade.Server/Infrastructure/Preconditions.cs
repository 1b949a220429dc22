using System.Globalization;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// Optimistic concurrency: <c>If-Match</c> carries the revision_number the client last saw (plain,
/// quoted, or Neutron's <c>revision_number=N</c>); a stale one gets 412 and changes nothing.
/// </summary>
internal static class Preconditions
{
    public static void CheckRevision(HttpContext context, long current)
    {
        var header = context.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(header) || header == "*")
        {
            return;
        }

        var text = header.Trim().Trim('"');
        if (text.StartsWith("revision_number=", StringComparison.Ordinal))
        {
            text = text["revision_number=".Length..];
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
        {
            throw ApiException.Invalid("If-Match", $"'{header}' is not a revision number.");
        }

        if (expected != current)
        {
            throw new ApiException(412, "Precondition failed", $"The resource is at revision {current}, not {expected}: read it again and retry.");
        }
    }
}
