using BenchmarkDotNet.Attributes;
using Palisade.Core.Analysis;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Workloads;

namespace Palisade.Benchmarks;

/// <summary>
/// Reachability (ingress) of one port whose policy is the ClassBench-like rule set of
/// <see cref="RuleSetGenerator"/>: the whole answer, classes with their peers as CIDRs and rules.
/// </summary>
[MemoryDiagnoser]
public class ReachabilityBenchmarks
{
    private EffectivePolicy policy = null!;

    [Params(1_000, 10_000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup() => policy = new RuleSetGenerator().Generate(Rules);

    [Benchmark]
    public int Ingress() => ReachabilityAnalyzer.Analyze(policy, Direction.Ingress).Classes.Length;
}
