using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// What every request under <c>/v2.0</c> gets before and after an endpoint is chosen, so that no
/// answer of the dialect leaves in another shape. A path ending in <c>.json</c> names the same
/// resource (Neutron's pecan app is made with <c>guess_content_type_from_ext=True</c>,
/// neutron/pecan_wsgi/app.py, so <c>/v2.0/security-groups.json</c> is the list). A 404 or 405 that no
/// endpoint wrote (an unknown route, a method the route does not take) is a NeutronError with the
/// type and text webob gives it through Neutron's <c>ExceptionTranslationHook</c>
/// (neutron/api/api_common.py, <c>convert_exception_to_http_exc</c>): clients read every /v2.0
/// error body as <c>NeutronError</c>, and tempest's cleanup cannot tell a problem+json 404 from a
/// failure. So is what Kestrel refuses while a handler reads the body (413 over the size limit,
/// 400 for a body cut short).
/// </summary>
internal static class NeutronPaths
{
    private const string JsonSuffix = ".json";

    /// <summary>Must run before routing, which is why the server calls <c>UseRouting</c> after it.</summary>
    public static IApplicationBuilder UseNeutronPaths(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/v2.0"), neutron => neutron
            .UseStatusCodePages(status => WriteErrorAsync(status.HttpContext))
            .Use(async (context, next) =>
            {
                // What Kestrel or binding refuses before a handler can answer (a body over the size
                // limit, one cut short) would otherwise leave as problem details.
                try
                {
                    await next(context);
                }
                catch (BadHttpRequestException refused) when (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                    context.Response.StatusCode = refused.StatusCode;
                    await WriteErrorAsync(context);
                }
            })
            .Use((context, next) =>
            {
                var path = context.Request.Path.Value!;
                if (path.EndsWith(JsonSuffix, StringComparison.Ordinal) && path.Length > "/v2.0/".Length + JsonSuffix.Length)
                {
                    context.Request.Path = new PathString(path[..^JsonSuffix.Length]);
                }

                return next(context);
            }));

    /// <summary>A status without a body (no endpoint, the routing's 405, a refused request) as Neutron words it.</summary>
    private static Task WriteErrorAsync(HttpContext context)
    {
        var (type, message) = context.Response.StatusCode switch
        {
            400 => ("HTTPBadRequest", "The server could not comply with the request since it is either malformed or otherwise incorrect."),
            404 => ("HTTPNotFound", "The resource could not be found."),
            405 => ("HTTPMethodNotAllowed", "The server could not comply with the request since it is either malformed or otherwise incorrect."),
            413 => ("HTTPRequestEntityTooLarge", "The body of your request was too large for this server."),
            415 => ("HTTPUnsupportedMediaType", "The request media type is not supported by this server."),
            var other => ("HTTPError", ReasonPhrases.GetReasonPhrase(other)),
        };
        return NeutronErrors.Error(context.Response.StatusCode, type, message).ExecuteAsync(context);
    }
}
