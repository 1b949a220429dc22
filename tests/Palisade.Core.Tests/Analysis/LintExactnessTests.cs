using Palisade.Core.Analysis;
using Palisade.Core.Classification;
using Palisade.Core.Policy;

namespace Palisade.Core.Tests.Analysis;

/// <summary>
/// The lint's "this rule allows nothing more" findings are exact: on 1,000 random small projects,
/// deleting every rule reported as shadowed (PAL002, PAL003) or as matching nothing (PAL006,
/// PAL007) leaves the verdict of every flow of the reduced space unchanged at every port.
/// </summary>
public sealed class LintExactnessTests
{
    private static readonly LintCode[] Removable = [LintCode.ShadowedInGroup, LintCode.ShadowedByOtherGroup, LintCode.RemoteEmpty, LintCode.RuleNeverMatches];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Deleting_every_rule_reported_as_useless_changes_no_verdict(int seed)
    {
        var generator = new RandomSnapshots(seed);
        var flows = RandomSnapshots.AllFlows().ToList();
        var removedRules = 0;
        for (var s = 0; s < 500; s++)
        {
            var snapshot = generator.NextSnapshot();
            var useless = PolicyLinter.Lint(snapshot, "p1").Where(f => Removable.Contains(f.Code)).Select(f => f.RuleIds[0]).ToHashSet();
            removedRules += useless.Count;
            var pruned = snapshot with { Groups = [.. snapshot.Groups.Select(g => g with { Rules = [.. g.Rules.Where(r => !useless.Contains(r.Id))] })] };
            foreach (var port in snapshot.Ports)
            {
                var before = PolicyClassifier.Compile(EffectivePolicyBuilder.Build(snapshot, port.Id));
                var after = PolicyClassifier.Compile(EffectivePolicyBuilder.Build(pruned, port.Id));
                var changed = flows.FirstOrDefault(f => before.Classify(f) != after.Classify(f));
                Assert.True(changed is null, $"seed {seed}, snapshot {s}, port {port.Id}: deleting {string.Join(", ", useless)} changes {changed}\n{string.Join('\n', snapshot.Groups.SelectMany(g => g.Rules))}");
            }
        }

        Assert.True(removedRules > 500, $"only {removedRules} rules reported: the generator no longer makes shadowed rules");
    }

    [Theory]
    [InlineData(3)]
    public void Every_rule_inside_a_strictly_wider_rule_of_its_group_is_reported(int seed)
    {
        var generator = new RandomSnapshots(seed);
        var checkedRules = 0;
        for (var s = 0; s < 1000; s++)
        {
            var snapshot = generator.NextSnapshot();
            var resolver = new RegionResolver(new PolicyIndex(snapshot));
            var reported = PolicyLinter.Lint(snapshot, "p1").Where(f => f.Code == LintCode.ShadowedInGroup).Select(f => f.RuleIds[0]).ToHashSet();
            foreach (var group in snapshot.Groups.Where(g => g.Status == Palisade.Core.Model.GroupStatus.Enabled))
            {
                var regions = group.Rules.Select(resolver.Resolve).Where(r => !r.Addresses.IsEmpty).ToList();
                foreach (var region in regions.Where(r => regions.Any(o => o.Covers(r) && !r.Covers(o))))
                {
                    Assert.True(reported.Contains(region.Rule.Id), $"snapshot {s}: {region.Rule} is inside a wider rule of {group.Id} but not reported");
                    checkedRules++;
                }
            }
        }

        Assert.True(checkedRules > 200, $"only {checkedRules} strictly shadowed rules generated");
    }
}
