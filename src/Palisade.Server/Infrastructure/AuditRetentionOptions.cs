using System.Globalization;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// How long the audit log keeps events: configuration <c>Palisade:Audit:MaxAgeDays</c> (default 365)
/// and <c>Palisade:Audit:MaxEvents</c> (default 1,000,000), whichever removes more; pruned every
/// <c>Palisade:Audit:PruneIntervalSeconds</c> (default 600) by <see cref="AuditRetention"/>. Without a
/// limit the log grew with every write and never shrank (60 % of the store at the 10× benchmark cloud,
/// docs/benchmarks.md). Each must be a positive whole number; anything else stops the server at start.
/// </summary>
internal sealed record AuditRetentionOptions(TimeSpan MaxAge, int MaxEvents, TimeSpan PruneInterval)
{
    public static AuditRetentionOptions From(IConfiguration configuration) => new(
        TimeSpan.FromDays(Positive(configuration, "Palisade:Audit:MaxAgeDays", 365, "days")),
        Positive(configuration, "Palisade:Audit:MaxEvents", 1_000_000, "events"),
        TimeSpan.FromSeconds(Positive(configuration, "Palisade:Audit:PruneIntervalSeconds", 600, "seconds")));

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
