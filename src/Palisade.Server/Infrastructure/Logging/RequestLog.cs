using System.Diagnostics;
using System.Text;

namespace Palisade.Server.Infrastructure.Logging;

/// <summary>
/// One Debug line per request, in place of the hosting layer's (<see cref="RedactingLoggerFactory"/>):
/// method, path, query and outcome, with every value that can be a credential replaced by <c>***</c>.
/// A CloudStack call (<c>/client/api</c>) carries its API key and signature among arbitrary
/// parameters, so there only <c>command</c> and <c>response</c> keep their values; elsewhere a
/// parameter whose name speaks of a token, key, signature, password or secret is redacted.
/// Headers (Authorization, X-Auth-Token, X-Subject-Token) and bodies (Keystone passwords) are never logged.
/// </summary>
internal sealed partial class RequestLog(ILogger<RequestLog> logger)
{
    private const string Redacted = "***";

    private static readonly string[] CloudStackShown = ["command", "response"];

    private static readonly string[] SensitiveNameParts = ["token", "key", "signature", "password", "secret", "credential", "auth"];

    public async Task WriteAsync(HttpContext context, RequestDelegate next)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            await next(context);
            return;
        }

        var clock = Stopwatch.StartNew();
        try
        {
            await next(context);
        }
        finally
        {
            Log.RequestFinished(logger, context.Request.Method, context.Request.Path, Redact(context.Request.Path, context.Request.Query), context.Response.StatusCode, clock.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>The query string with its credentials replaced by <c>***</c> (empty when there is no query).</summary>
    public static string Redact(PathString path, IQueryCollection query)
    {
        if (query.Count == 0)
        {
            return "";
        }

        var cloudStack = path.StartsWithSegments("/client/api");
        var text = new StringBuilder();
        foreach (var (name, values) in query)
        {
            var shown = cloudStack
                ? CloudStackShown.Contains(name, StringComparer.OrdinalIgnoreCase)
                : !SensitiveNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));
            text.Append(text.Length == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(name))
                .Append('=')
                .Append(shown ? Uri.EscapeDataString(values.ToString()) : Redacted);
        }

        return text.ToString();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "{Method} {Path}{Query} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
        public static partial void RequestFinished(ILogger logger, string method, string path, string query, int statusCode, double elapsedMilliseconds);
    }
}
