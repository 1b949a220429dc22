using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (RequestMetrics metrics, RevisionSignal signal, SnapshotCache snapshots, IPalisadeStore store, CancellationToken cancellationToken) =>
                TypedResults.Text(metrics.Render(await store.RevisionAsync(cancellationToken), signal.Watchers, snapshots.Reads, signal.Refreshes), "text/plain; version=0.0.4"))
            .WithTags("Operations")
            .WithName("Metrics")
            .ExcludeFromDescription();
        return app;
    }
}
