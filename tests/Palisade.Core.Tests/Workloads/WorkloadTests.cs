using Palisade.Core.Classification;
using Palisade.Core.Model;
using Palisade.Workloads;

namespace Palisade.Core.Tests.Workloads;

/// <summary>The benchmark's inputs and its baseline must be right, or its figures mean nothing.</summary>
public sealed class WorkloadTests
{
    [Fact]
    public void The_generator_is_deterministic_for_a_seed()
    {
        var first = new RuleSetGenerator(5).Generate(500).Rules.Select(r => r.Rule.ToString());
        var second = new RuleSetGenerator(5).Generate(500).Rules.Select(r => r.Rule.ToString());
        Assert.Equal(first, second);
    }

    [Fact]
    public void The_generated_set_has_the_requested_size_and_a_classbench_like_shape()
    {
        var rules = new RuleSetGenerator().Generate(10_000).Rules.Select(r => r.Rule).ToList();

        Assert.Equal(10_000, rules.Count);
        Assert.InRange(rules.Count(r => r.Protocol.Number == Protocol.Tcp), 5_500, 6_500);
        Assert.InRange(rules.Count(r => r.PortRangeMin is not null && r.PortRangeMin != r.PortRangeMax), 1_000, 4_000);
        Assert.Contains(rules, r => r.Remote is Remote.Group);
        Assert.Contains(rules, r => r.Remote is Remote.Range);
        Assert.Contains(rules, r => r.EtherType == EtherType.IPv6);
        var v4Lengths = rules.Select(r => r.Remote).OfType<Remote.Prefix>().Where(p => p.Network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork).GroupBy(p => p.Network.PrefixLength).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(v4Lengths[24] > v4Lengths[8], "/24 is the most common IPv4 length after clustering");
    }

    [Fact]
    public void The_linear_scan_baseline_agrees_with_the_classifier_on_the_trace()
    {
        var policy = new RuleSetGenerator().Generate(2_000);
        var classifier = PolicyClassifier.Compile(policy);
        var linear = new LinearScanClassifier(policy);
        var trace = new FlowTraceGenerator().Generate(policy, 4_096);

        Assert.All(trace, flow => Assert.Equal(classifier.Classify(flow).Verdict, linear.Classify(flow)));
        Assert.InRange(trace.Count(f => classifier.Classify(f).Verdict == Verdict.Allow), 1_000, 4_000);
    }
}
