using System.Globalization;

namespace Palisade.Server.FlowLogs;

/// <summary>
/// Flow-log storage bounds (docs/flow-logs.md): configuration <c>Palisade:FlowLogs:MaxAgeHours</c>
/// (default 72), <c>Palisade:FlowLogs:MaxRecords</c> (default 1,000,000), whichever removes more,
/// pruned every <c>Palisade:FlowLogs:PruneIntervalSeconds</c> (default 60); and
/// <c>Palisade:FlowLogs:MaxBatch</c> (default 1,000), the most records one agent request may carry.
/// Each must be a positive whole number; anything else stops the server at start.
/// </summary>
internal sealed record FlowLogOptions(TimeSpan MaxAge, long MaxRecords, TimeSpan PruneInterval, int MaxBatch)
{
    public static FlowLogOptions From(IConfiguration configuration) => new(
        TimeSpan.FromHours(Positive(configuration, "Palisade:FlowLogs:MaxAgeHours", 72, "hours")),
        Positive(configuration, "Palisade:FlowLogs:MaxRecords", 1_000_000, "records"),
        TimeSpan.FromSeconds(Positive(configuration, "Palisade:FlowLogs:PruneIntervalSeconds", 60, "seconds")),
        Positive(configuration, "Palisade:FlowLogs:MaxBatch", 1_000, "records"));

    private static int Positive(IConfiguration configuration, string key, int fallback, string unit)
    {
        var configured = configuration[key];
        if (configured is null)
        {
            return fallback;
        }

        return int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"{key} must be a positive whole number of {unit}, not '{configured}'.");
    }
}
