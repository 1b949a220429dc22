namespace Palisade.Server.Infrastructure;

/// <summary>Every /api/v1 request needs <c>Authorization: Bearer &lt;token&gt;</c>; a missing or wrong one is a 401 problem.</summary>
internal static class BearerAuthentication
{
    /// <summary>Where the authenticated principal's name is kept for the audit log.</summary>
    public const string ActorKey = "palisade.actor";

    public static IApplicationBuilder UseBearerAuthentication(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api/v1"))
            {
                var header = context.Request.Headers.Authorization.ToString();
                var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
                if (!context.RequestServices.GetRequiredService<AdminToken>().Accepts(token))
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    throw new ApiException(401, "Unauthorized", token is null ? "Send a bearer token in the Authorization header." : "The bearer token is not valid.");
                }

                context.Items[ActorKey] = "admin";
            }

            await next(context);
        });
}
