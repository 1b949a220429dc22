using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Palisade.Server.Dashboard;

/// <summary>
/// The dashboard: plain HTML, CSS and JavaScript modules embedded in this assembly, so the server
/// serves it at <c>/</c> from any working directory and from the built dll alone, with no build
/// step and no second process. It is a client of the native API like the CLI: it holds no rules
/// of its own and the token it signs in with stays in the browser tab (sessionStorage).
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>The resource names' prefix, set by the project file (LogicalName).</summary>
    private const string ResourcePrefix = "Palisade.Server.Dashboard";

    /// <summary>
    /// Scripts only from this origin and no inline script, so data shown in the page cannot run
    /// as code and reach the token; the API is same-origin; the page cannot be framed.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(DashboardEndpoints).Assembly, ResourcePrefix);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = "/dashboard",
            OnPrepareResponse = context => Secure(context.Context.Response.Headers, cache: true),
        });

        var index = files.GetFileInfo("index.html");
        app.MapGet("/", async (HttpContext context) =>
        {
            Secure(context.Response.Headers, cache: false);
            context.Response.ContentType = "text/html; charset=utf-8";
            await using var stream = index.CreateReadStream();
            await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
        }).ExcludeFromDescription();
        return app;
    }

    private static void Secure(IHeaderDictionary headers, bool cache)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";

        // frame-ancestors says the same to browsers that read CSP level 2; older ones only read this (RFC 7034).
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";

        // Revalidate every time (ETag/Last-Modified answer 304), so an upgraded server's modules are never mixed with stale ones.
        headers.CacheControl = cache ? "no-cache" : "no-store";
    }
}
