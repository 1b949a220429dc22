using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Palisade.Core.Analysis;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Workloads;

namespace Palisade.Benchmarks;

/// <summary>
/// Lint of a whole project (docs/lint.md) against the baseline it replaces: comparing every rule
/// with every other rule of its group and of the groups bound wherever it is. The project: the
/// ClassBench-like rules of <see cref="RuleSetGenerator"/> spread over ten groups, twenty remote
/// groups whose members are ports, and fifty application ports bound to two or three groups each.
/// </summary>
[MemoryDiagnoser]
public class LintBenchmarks
{
    private const string ProjectId = "bench";
    private PolicySnapshot snapshot = null!;

    [Params(1_000, 10_000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup() => snapshot = LintProject.Create(Rules);

    [Benchmark]
    public int Lint() => PolicyLinter.Lint(snapshot, ProjectId).Length;

    [Benchmark(Baseline = true)]
    public int NaivePairwiseShadowCheck() => NaiveShadowCheck.CountShadowed(snapshot, ProjectId);
}

/// <summary>A project of <c>n</c> rules in ten groups, bound as described on <see cref="LintBenchmarks"/>.</summary>
internal static class LintProject
{
    public static PolicySnapshot Create(int rules)
    {
        var policy = new RuleSetGenerator().Generate(rules);
        var groups = Enumerable.Range(0, 10)
            .Select(g => new SecurityGroup($"sg-{g}", "bench", $"sg-{g}", [.. policy.Rules.Where((_, i) => i % 10 == g).Select(r => r.Rule with { GroupId = $"sg-{g}" })]))
            .Concat(policy.RemoteGroups.Keys.Select(id => new SecurityGroup(id, "bench", id, [])))
            .ToImmutableArray();
        var memberPorts = policy.RemoteGroups.Select((group, i) => new Port($"member-{i:d2}", "bench", "n1", [], AllowedAddressPairs: [.. group.Value.Select(m => new AllowedAddressPair(m))]));
        var appPorts = Enumerable.Range(0, 50).Select(i => new Port($"app-{i:d2}", "bench", "n1", [new FixedIp("s1", System.Net.IPAddress.Parse($"198.18.1.{i + 10}"))]));
        var bindings = policy.RemoteGroups.Keys.Select((id, i) => new Binding(id, BindingScope.Port, $"member-{i:d2}"))
            .Concat(Enumerable.Range(0, 50).SelectMany(i => new[] { 0, 1 + (i % 9), 1 + ((i + 1) % 9) }.Distinct().Select(g => new Binding($"sg-{g}", BindingScope.Port, $"app-{i:d2}"))));
        return new PolicySnapshot([new Project("bench", "bench")], groups, [.. memberPorts, .. appPorts], [], [.. bindings], []);
    }
}

/// <summary>The baseline: shadowing (PAL002, PAL003) by comparing each rule with every candidate rule.</summary>
internal static class NaiveShadowCheck
{
    public static int CountShadowed(PolicySnapshot snapshot, string projectId)
    {
        var index = new PolicyIndex(snapshot);
        var resolver = new RegionResolver(index);
        var ports = snapshot.Ports.Where(p => p.ProjectId == projectId).ToList();
        var portsOf = snapshot.Groups.ToDictionary(g => g.Id, g => ports.Where(p => index.BoundGroupIds(p).Contains(g.Id)).Select(p => p.Id).ToHashSet());
        var regions = snapshot.Groups.ToDictionary(g => g.Id, g => g.Rules.Select(resolver.Resolve).Where(r => !r.Addresses.IsEmpty).ToList());
        var shadowed = 0;
        foreach (var group in snapshot.Groups.Where(g => g.ProjectId == projectId))
        {
            var candidates = regions.Keys.Where(id => id == group.Id || (portsOf[group.Id].Count > 0 && portsOf[group.Id].IsSubsetOf(portsOf[id]))).SelectMany(id => regions[id]).ToList();
            foreach (var region in regions[group.Id])
            {
                if (candidates.Any(other => !ReferenceEquals(other, region) && other.Covers(region)))
                {
                    shadowed++;
                }
            }
        }

        return shadowed;
    }
}
