namespace Palisade.AgentBench;

internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static string Summary(IReadOnlyList<double> milliseconds) =>
        $"p50 {Percentile(milliseconds, 0.5):F1} ms, p99 {Percentile(milliseconds, 0.99):F1} ms, min {milliseconds.Min():F1} ms, max {milliseconds.Max():F1} ms (n={milliseconds.Count})";
}
