using BenchmarkDotNet.Attributes;
using Palisade.Core.Classification;
using Palisade.Core.Policy;
using Palisade.Workloads;

namespace Palisade.Benchmarks;

/// <summary>
/// Lookups per second of the compiled classifier against a linear scan of the same rules, on a
/// ClassBench-like rule set and trace, and the classifier's build time. Single-threaded: the
/// figures are per core. Lookups/s = OperationsPerInvoke / mean time of one invoke.
/// </summary>
[MemoryDiagnoser]
public class ClassifierBenchmarks
{
    private const int TraceLength = 4096;
    private const int ScanTraceLength = 256;

    private EffectivePolicy policy = null!;
    private PolicyClassifier classifier = null!;
    private LinearScanClassifier linear = null!;
    private Flow[] trace = [];

    [Params(1_000, 10_000, 100_000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        policy = new RuleSetGenerator().Generate(Rules);
        trace = new FlowTraceGenerator().Generate(policy, TraceLength);
        classifier = PolicyClassifier.Compile(policy);
        linear = new LinearScanClassifier(policy);
    }

    [Benchmark(OperationsPerInvoke = TraceLength)]
    public int Classify()
    {
        var allowed = 0;
        foreach (var flow in trace)
        {
            allowed += classifier.Classify(flow).Verdict == Verdict.Allow ? 1 : 0;
        }

        return allowed;
    }

    [Benchmark(OperationsPerInvoke = ScanTraceLength)]
    public int LinearScan()
    {
        var allowed = 0;
        for (var i = 0; i < ScanTraceLength; i++)
        {
            allowed += linear.Classify(trace[i]) == Verdict.Allow ? 1 : 0;
        }

        return allowed;
    }

    [Benchmark]
    public PolicyClassifier Build() => PolicyClassifier.Compile(policy);
}
