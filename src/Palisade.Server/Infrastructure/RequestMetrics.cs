using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// Request counts and latencies per route and status, kept in memory and shown at /metrics in
/// the Prometheus text format with the store revision and the number of long-poll watchers.
/// </summary>
internal sealed class RequestMetrics
{
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60];

    private readonly ConcurrentDictionary<(string Method, string Route, int Status), Series> series = new();

    public async Task MeasureAsync(HttpContext context, RequestDelegate next)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            series.GetOrAdd((context.Request.Method, route, context.Response.StatusCode), _ => new Series()).Observe(clock.Elapsed.TotalSeconds);
        }
    }

    public string Render(long revision, int watchers, long snapshotReads, long revisionReads)
    {
        var text = new StringBuilder();
        text.AppendLine("# HELP palisade_http_requests_total HTTP requests by method, route and status.");
        text.AppendLine("# TYPE palisade_http_requests_total counter");
        foreach (var (key, value) in series.OrderBy(s => s.Key.Route, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"palisade_http_requests_total{{{Labels(key)}}} {value.Count}");
        }

        text.AppendLine("# HELP palisade_http_request_duration_seconds HTTP request latency.");
        text.AppendLine("# TYPE palisade_http_request_duration_seconds histogram");
        foreach (var (key, value) in series.OrderBy(s => s.Key.Route, StringComparer.Ordinal))
        {
            value.Render(text, Labels(key));
        }

        text.AppendLine("# HELP palisade_revision The store's global revision.");
        text.AppendLine("# TYPE palisade_revision gauge");
        text.AppendLine(CultureInfo.InvariantCulture, $"palisade_revision {revision}");
        text.AppendLine("# HELP palisade_watchers Long polls waiting for a change.");
        text.AppendLine("# TYPE palisade_watchers gauge");
        text.AppendLine(CultureInfo.InvariantCulture, $"palisade_watchers {watchers}");
        text.AppendLine("# HELP palisade_snapshot_reads_total Whole-store policy snapshot reads (one per revision served, SnapshotCache).");
        text.AppendLine("# TYPE palisade_snapshot_reads_total counter");
        text.AppendLine(CultureInfo.InvariantCulture, $"palisade_snapshot_reads_total {snapshotReads}");
        text.AppendLine("# HELP palisade_revision_reads_total Reads of the store's revision after start (periodic and on-demand checks, RevisionSignal).");
        text.AppendLine("# TYPE palisade_revision_reads_total counter");
        text.AppendLine(CultureInfo.InvariantCulture, $"palisade_revision_reads_total {revisionReads}");
        return text.ToString();
    }

    private static string Labels((string Method, string Route, int Status) key) =>
        string.Create(CultureInfo.InvariantCulture, $"method=\"{key.Method}\",route=\"{key.Route.Replace("\"", "\\\"", StringComparison.Ordinal)}\",status=\"{key.Status}\"");

    private sealed class Series
    {
        private readonly long[] buckets = new long[Buckets.Length];
        private long count;
        private double sum;

        public long Count => Interlocked.Read(ref count);

        public void Observe(double seconds)
        {
            lock (buckets)
            {
                for (var i = 0; i < Buckets.Length; i++)
                {
                    if (seconds <= Buckets[i])
                    {
                        buckets[i]++;
                    }
                }

                count++;
                sum += seconds;
            }
        }

        public void Render(StringBuilder text, string labels)
        {
            lock (buckets)
            {
                for (var i = 0; i < Buckets.Length; i++)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"palisade_http_request_duration_seconds_bucket{{{labels},le=\"{Buckets[i]}\"}} {buckets[i]}");
                }

                text.AppendLine(CultureInfo.InvariantCulture, $"palisade_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {count}");
                text.AppendLine(CultureInfo.InvariantCulture, $"palisade_http_request_duration_seconds_sum{{{labels}}} {sum}");
                text.AppendLine(CultureInfo.InvariantCulture, $"palisade_http_request_duration_seconds_count{{{labels}}} {count}");
            }
        }
    }
}
