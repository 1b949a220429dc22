using Palisade.Core.Analysis;
using Palisade.Core.Classification;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Core.Tests.Classification;
using static Palisade.Core.Tests.Analysis.LintPolicies;

namespace Palisade.Core.Tests.Analysis;

/// <summary>Reachability agrees with explain: a new flow that reaches step 5 is in a class exactly when explain allows it at step 6 or 7.</summary>
public sealed class ReachabilityTests
{
    private static void AssertAgreesWithExplain(EffectivePolicy policy, Flow flow, string context)
    {
        var explained = PolicyClassifier.Compile(policy).Explain(flow);
        if (explained.Decision.Step < DecisionStep.PlatformPolicy && policy.Port.PortSecurityEnabled)
        {
            return;
        }

        var classes = ReachabilityAnalyzer.Analyze(policy, flow.Direction).Classes.Where(c => c.Contains(flow)).ToList();
        Assert.True(classes.Count == (explained.Decision.Verdict == Verdict.Allow ? 1 : 0),
            $"{context}: explain says {explained.Decision} but {classes.Count} class(es) hold {flow}\n{string.Join('\n', policy.Rules.Select(r => r.Rule))}");
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Reachability_agrees_with_explain_on_sampled_flows_of_random_policies(int seed)
    {
        var generator = new RandomPolicies(seed);
        for (var p = 0; p < 300; p++)
        {
            var policy = generator.NextPolicy();
            for (var f = 0; f < 40; f++)
            {
                AssertAgreesWithExplain(policy, generator.NextFlow(policy) with { State = ConnectionState.New }, $"seed {seed}, policy {p}, flow {f}");
            }
        }
    }

    [Fact]
    public void Reachability_agrees_with_explain_on_every_flow_of_small_projects()
    {
        var generator = new RandomSnapshots(21);
        var flows = RandomSnapshots.AllFlows().ToList();
        for (var s = 0; s < 100; s++)
        {
            var snapshot = generator.NextSnapshot();
            foreach (var port in snapshot.Ports)
            {
                var policy = EffectivePolicyBuilder.Build(snapshot, port.Id);
                var classifier = PolicyClassifier.Compile(policy);
                var reach = new[] { Direction.Ingress, Direction.Egress }.ToDictionary(d => d, d => ReachabilityAnalyzer.Analyze(policy, d).Classes);
                foreach (var flow in flows)
                {
                    var allowed = classifier.Classify(flow).Verdict == Verdict.Allow;
                    Assert.True(allowed == reach[flow.Direction].Any(c => c.Contains(flow)), $"snapshot {s}, port {port.Id}: classifier {(allowed ? "allows" : "drops")} {flow}");
                }
            }
        }
    }

    [Fact]
    public void Ingress_from_a_remote_group_names_the_group_and_the_rule()
    {
        var snapshot = Snapshot(
            [Group("db", Ingress("pg", "db", "tcp", 5432, remote: new Remote.Group("app"))), Group("app")],
            [Port("db1", "10.0.0.5"), Port("app1", "10.0.0.6")],
            [Bind("db", "db1"), Bind("app", "app1")]);

        var reach = ReachabilityAnalyzer.Analyze(EffectivePolicyBuilder.Build(snapshot, "db1"), Direction.Ingress);

        var only = Assert.Single(reach.Classes);
        Assert.Equal(("tcp", 5432, 5432, "10.0.0.6/32", "app", "pg"), (only.Protocol.ToString(), only.AxisFirst, only.AxisLast, string.Join(",", only.Peers), string.Join(",", only.RemoteGroupIds), string.Join(",", only.Rules.Select(r => r.Id))));
    }

    [Fact]
    public void Overlapping_rules_split_the_port_range_into_classes_with_their_peers()
    {
        var snapshot = Snapshot(
            [Group("web", Ingress("wide", "web", "tcp", 8000, 8999, Cidr("192.0.2.0/24")), Ingress("one", "web", "tcp", 8080, remote: Cidr("198.51.100.0/24")))],
            [Port("port1")], [Bind("web", "port1")]);

        var reach = ReachabilityAnalyzer.Analyze(EffectivePolicyBuilder.Build(snapshot, "port1"), Direction.Ingress);

        Assert.Equal(
            ["8000-8079 192.0.2.0/24", "8080-8080 192.0.2.0/24,198.51.100.0/24", "8081-8999 192.0.2.0/24"],
            reach.Classes.Select(c => $"{c.AxisFirst}-{c.AxisLast} {string.Join(",", c.Peers)}"));
    }
}
