using System.Collections.Immutable;
using Palisade.Core.Analysis;
using Palisade.Core.Classification;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Tests.Analysis;

/// <summary>
/// What-if is exact: on 1,000 random small projects, each with a random change (rules added or
/// removed, a group bound or unbound, a port's groups replaced), every flow of the reduced space
/// whose verdict changes at a port is in exactly one reported class of that port, with the right
/// before and after verdicts, and no flow whose verdict stays is in any.
/// </summary>
public sealed class WhatIfExactnessTests
{
    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public void What_if_matches_brute_force_on_every_flow(int seed)
    {
        var generator = new RandomSnapshots(seed);
        var random = new Random(seed);
        var flows = RandomSnapshots.AllFlows().ToList();
        var changedFlows = 0;
        for (var s = 0; s < 500; s++)
        {
            var before = generator.NextSnapshot();
            var change = NextChange(before, generator, random, s);
            var after = change.ApplyTo(before);
            var impacts = ChangeImpactAnalyzer.Compute(before, after).ToDictionary(i => i.PortId);
            foreach (var port in before.Ports)
            {
                var classifierBefore = PolicyClassifier.Compile(EffectivePolicyBuilder.Build(before, port.Id));
                var classifierAfter = PolicyClassifier.Compile(EffectivePolicyBuilder.Build(after, port.Id));
                var classes = impacts.TryGetValue(port.Id, out var impact) ? impact.Changes : [];
                foreach (var flow in flows)
                {
                    var was = classifierBefore.Classify(flow).Verdict;
                    var now = classifierAfter.Classify(flow).Verdict;
                    var holding = classes.Where(c => c.Flows.Contains(flow)).ToList();
                    var expected = was == now ? "unchanged" : $"{was}->{now}";
                    var reported = holding.Count switch { 0 => "unchanged", 1 => $"{holding[0].Before}->{holding[0].After}", _ => $"{holding.Count} classes" };
                    Assert.True(expected == reported, $"seed {seed}, snapshot {s}, port {port.Id}, {flow}: brute force {expected}, what-if {reported}\nchange: {Describe(change)}");
                    changedFlows += was == now ? 0 : 1;
                }
            }
        }

        Assert.True(changedFlows > 10_000, $"only {changedFlows} flows changed: the changes are too timid to test anything");
    }

    private static ProposedChange NextChange(PolicySnapshot snapshot, RandomSnapshots generator, Random random, int serial)
    {
        var groupIds = snapshot.Groups.Select(g => g.Id).ToList();
        var portIds = snapshot.Ports.Select(p => p.Id).ToList();
        var rules = snapshot.Groups.SelectMany(g => g.Rules).ToList();
        var change = ProposedChange.None;
        switch (random.Next(0, 5))
        {
            case 0:
                change = change with
                {
                    AddedRules = [.. Enumerable.Range(0, random.Next(1, 4)).Select(i =>
                    {
                        var group = groupIds[random.Next(groupIds.Count)];
                        return generator.NextRule($"new{serial}-{i}", group, groupIds, snapshot.AddressGroups);
                    })],
                };
                break;
            case 1:
                change = change with { RemovedRuleIds = [.. rules.Where(_ => random.Next(0, 4) == 0).Select(r => r.Id)] };
                break;
            case 2:
                change = change with { AddedBindings = [new Binding(groupIds[random.Next(groupIds.Count)], BindingScope.Port, portIds[random.Next(portIds.Count)])] };
                break;
            case 3:
                change = change with { RemovedBindings = snapshot.Bindings.IsEmpty ? [] : [snapshot.Bindings[random.Next(snapshot.Bindings.Length)]] };
                break;
            default:
                change = change with
                {
                    ReplacedPortGroups = ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add(
                        portIds[random.Next(portIds.Count)], [.. groupIds.Where(_ => random.Next(0, 2) == 0)]),
                };
                break;
        }

        return change;
    }

    private static string Describe(ProposedChange change) =>
        $"added {string.Join("; ", change.AddedRules)} removed {string.Join(", ", change.RemovedRuleIds)} bound {string.Join(", ", change.AddedBindings)} unbound {string.Join(", ", change.RemovedBindings)} replaced {string.Join(", ", change.ReplacedPortGroups.Select(p => $"{p.Key}=[{string.Join(",", p.Value)}]"))}";
}
