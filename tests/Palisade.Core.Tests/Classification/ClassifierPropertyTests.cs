using Palisade.Core.Classification;
using Palisade.Workloads;

namespace Palisade.Core.Tests.Classification;

/// <summary>
/// The fast classifier, explain and the plain reference evaluator must agree on every flow:
/// 2,000 random policies × 100 flows aimed at rule edges = 200,000 flows per run, IPv4 and IPv6.
/// </summary>
public sealed class ClassifierPropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Classify_explain_and_the_reference_agree_on_random_flows(int seed)
    {
        var generator = new RandomPolicies(seed);
        var checkedFlows = 0;
        for (var p = 0; p < 500; p++)
        {
            var policy = generator.NextPolicy();
            var classifier = PolicyClassifier.Compile(policy);
            for (var f = 0; f < 100; f++)
            {
                var flow = generator.NextFlow(policy);
                var expected = ReferenceEvaluator.Evaluate(policy, flow);
                var fast = classifier.Classify(flow);
                var explained = classifier.Explain(flow);
                if (fast != expected || explained.Decision != expected)
                {
                    Assert.Fail($"seed {seed}, policy {p}, flow {f}: reference {expected}, classify {fast}, explain {explained.Decision}\n{flow}\nrules:\n{string.Join('\n', policy.Rules.Select(r => r.Rule))}\nplatform: {string.Join(", ", policy.PlatformPolicies)}\nintra: {string.Join(", ", policy.IntraSubnetCidrs)}");
                }

                checkedFlows++;
            }
        }

        Assert.Equal(50_000, checkedFlows);
    }

    /// <summary>
    /// Groups are bits of a mask, 64 to a word: with 150 groups (and so indices beyond the first
    /// word, in both families) every flow aimed at a group member must still get the reference's answer.
    /// </summary>
    [Fact]
    public void Classify_agrees_with_the_reference_when_group_masks_span_several_words()
    {
        var policy = new RuleSetGenerator(11).Generate(3_000, remoteGroups: 150, membersPerGroup: 20);
        var classifier = PolicyClassifier.Compile(policy);
        foreach (var flow in new FlowTraceGenerator(13).Generate(policy, 20_000))
        {
            Assert.Equal(ReferenceEvaluator.Evaluate(policy, flow), classifier.Classify(flow));
        }
    }

    [Fact]
    public void Explain_lists_exactly_the_rules_the_reference_finds_matching()
    {
        var generator = new RandomPolicies(99);
        for (var p = 0; p < 200; p++)
        {
            var policy = generator.NextPolicy();
            var classifier = PolicyClassifier.Compile(policy);
            for (var f = 0; f < 50; f++)
            {
                var flow = generator.NextFlow(policy) with { State = ConnectionState.New };
                var explained = classifier.Explain(flow);
                if (explained.Decision.Step is DecisionStep.Rule or DecisionStep.ImplicitDeny)
                {
                    var expected = policy.Rules
                        .Where(r => ReferenceEvaluator.Evaluate(policy with { Rules = [r], PlatformPolicies = [], IntraSubnetCidrs = [] }, flow).Step == DecisionStep.Rule)
                        .Select(r => r.Rule.Id);
                    Assert.Equal(expected, explained.MatchedRules.Select(m => m.Rule.Id));
                }
            }
        }
    }
}
