using System.Globalization;
using System.Runtime.InteropServices;
using Palisade.AgentBench;

// The agent's figures for docs/benchmarks.md (design.md §5). Needs root (namespaces, nft).
// Usage: dotnet run -c Release --project bench/Palisade.AgentBench [-- --only dataplane|convergence
//        --repetitions 5 --changes 200 --ports 100 --groups 10 --rules 20 --members 500]
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal) && p.i + 1 < args.Length)
    .ToDictionary(p => p.a[2..], p => args[p.i + 1], StringComparer.Ordinal);
int Option(string name, int fallback) => options.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
var only = options.GetValueOrDefault("only");

Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
if (options.GetValueOrDefault("dump") is { } dump)
{
    // The rendered host, to study with nft by hand: ip netns exec NS nft -f FILE.
    await File.WriteAllTextAsync(dump, Palisade.Nftables.RulesetRenderer.Render(Palisade.Workloads.HostWorkload.Build()));
    return;
}

if (only is null or "dataplane")
{
    await DataPlaneBench.RunAsync(Option("repetitions", 5));
    Console.WriteLine();
}

if (only is null or "convergence")
{
    await new ConvergenceBench(Option("ports", 100), Option("groups", 10), Option("rules", 20), Option("members", 500), Option("changes", 200)).RunAsync();
}
