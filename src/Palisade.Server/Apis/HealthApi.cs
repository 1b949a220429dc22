using Palisade.Store;

namespace Palisade.Server.Apis;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (IPalisadeStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok(new { status = "ok", revision = await store.RevisionAsync(cancellationToken) }))
            .WithTags("Operations")
            .WithName("Health");
        return app;
    }
}
