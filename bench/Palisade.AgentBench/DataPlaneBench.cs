using System.Diagnostics;
using Palisade.Nftables;
using Palisade.Workloads;

namespace Palisade.AgentBench;

/// <summary>
/// design.md §5's host applied with the real nft in a throwaway namespace: a full table, a
/// membership change as set elements, and the size of the ruleset as members double.
/// </summary>
internal static class DataPlaneBench
{
    public static async Task RunAsync(int repetitions)
    {
        var host = HostWorkload.Build();
        var clock = Stopwatch.StartNew();
        var ruleset = RulesetRenderer.Render(host);
        Console.WriteLine($"host: 1,000 ports, 5,000 rules, remote group of 10,000 members; rendered in {clock.Elapsed.TotalMilliseconds:F0} ms (first call, JIT included), {ruleset.Length / 1024.0 / 1024.0:F1} MiB of nft text");

        await using var ns = await Namespace.CreateAsync();
        var full = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            // The first apply creates the table; the rest replace it, as the agent does on every structural change.
            var (elapsed, _) = await ns.TimeAsync("nft", ["-f", "-"], ruleset);
            full.Add(elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"full apply (nft -f, whole table, one transaction): first {full[0]:F0} ms; replacing it: {Stats.Summary(full.Skip(1).ToList())}");

        var (list, listing) = await ns.TimeAsync("nft", ["-s", "list", "table", "inet", "palisade"]);
        Console.WriteLine($"drift check (nft -s list table, {listing.Length / 1024.0 / 1024.0:F1} MiB): {list.TotalMilliseconds:F0} ms");
        var (counters, json) = await ns.TimeAsync("nft", ["-j", "list", "counters", "table", "inet", "palisade"]);
        Console.WriteLine($"counter read (nft -j list counters, {CounterParser.Parse(json).Rules.Count:N0} rule counters): {counters.TotalMilliseconds:F0} ms");

        var joined = HostWorkload.WithExtraMember(host, 10_000);
        var applied = HostRuleset.Build(host);
        var diff = new List<double>();
        var add = new List<double>();
        var remove = new List<double>();
        for (var i = 0; i < repetitions * 4; i++)
        {
            clock.Restart();
            var join = applied.WithGroupMembers(joined[0].RemoteGroups).Delta.ToTransaction();
            diff.Add(clock.Elapsed.TotalMilliseconds);
            var leave = RulesetDiff.Compute(joined, host)!.ToTransaction();
            add.Add((await ns.TimeAsync("nft", ["-f", "-"], join)).Elapsed.TotalMilliseconds);
            remove.Add((await ns.TimeAsync("nft", ["-f", "-"], leave)).Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"membership change, one member joins (nft -f of 1 element): {Stats.Summary(add)}");
        Console.WriteLine($"membership change, one member leaves: {Stats.Summary(remove)}");
        Console.WriteLine($"the element transaction from the new member list (HostRuleset.WithGroupMembers, no build; C#): {Stats.Summary(diff.Skip(1).ToList())}");

        Console.WriteLine();
        Console.WriteLine("| members | element lines (sets and maps) | rule lines (chains) | named counters | nft text | full apply |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var members in new[] { 10_000, 20_000, 40_000 })
        {
            var sized = RulesetRenderer.Render(HostWorkload.Build(members));
            var (elapsed, _) = await ns.TimeAsync("nft", ["-f", "-"], sized);
            var (_, kernel) = await ns.TimeAsync("nft", ["-s", "list", "table", "inet", "palisade"]);
            var (elements, rules, counterCount) = Count(sized);
            Console.WriteLine($"| {members:N0} | {elements:N0} | {rules:N0} | {counterCount:N0} | {sized.Length / 1024.0 / 1024.0:F2} MiB | {elapsed.TotalMilliseconds:F0} ms |");
            _ = kernel;
        }
    }

    /// <summary>Element lines inside sets and maps, rule lines inside chains (hooks not counted), named counters.</summary>
    private static (int Elements, int Rules, int Counters) Count(string ruleset)
    {
        int elements = 0, rules = 0, counters = 0;
        var inChain = false;
        foreach (var line in ruleset.Split('\n'))
        {
            if (line.StartsWith("\tcounter ", StringComparison.Ordinal))
            {
                counters++;
            }
            else if (line.StartsWith("\tchain ", StringComparison.Ordinal))
            {
                inChain = true;
            }
            else if (line.StartsWith("\tset ", StringComparison.Ordinal) || line.StartsWith("\tmap ", StringComparison.Ordinal))
            {
                inChain = false;
            }
            else if (line.StartsWith("\t\t\t", StringComparison.Ordinal))
            {
                elements++;
            }
            else if (inChain && line.StartsWith("\t\t", StringComparison.Ordinal) && !line.Contains(" hook ", StringComparison.Ordinal))
            {
                rules++;
            }
        }

        return (elements, rules, counters);
    }
}
