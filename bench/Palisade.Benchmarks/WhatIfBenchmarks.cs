using System.Collections.Immutable;
using System.Net;
using BenchmarkDotNet.Attributes;
using Palisade.Core.Analysis;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Workloads;

namespace Palisade.Benchmarks;

/// <summary>
/// What-if of a one-rule change on one group of <see cref="Rules"/> ClassBench-like rules bound to
/// one port (twenty remote groups of 200 members, each a port): the whole request as the server
/// runs it, applying the change to the snapshot and diffing every port. Adding a rule for one
/// port from one /24, and removing a rule drawn from the set (a wide one: any protocol, so every
/// protocol bucket is swept).
/// </summary>
[MemoryDiagnoser]
public class WhatIfBenchmarks
{
    private PolicySnapshot snapshot = null!;
    private ProposedChange addOne = null!;
    private ProposedChange removeOne = null!;

    [Params(1_000, 10_000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var policy = new RuleSetGenerator().Generate(Rules);
        var group = new SecurityGroup("big", "bench", "big", [.. policy.Rules.Select(r => r.Rule with { GroupId = "big" })]);
        var remoteGroups = policy.RemoteGroups.Keys.Select(id => new SecurityGroup(id, "bench", id, []));
        var members = policy.RemoteGroups.Select((g, i) => new Port($"member-{i:d2}", "bench", "n1", [], AllowedAddressPairs: [.. g.Value.Select(m => new AllowedAddressPair(m))]));
        var app = new Port("app", "bench", "n1", [new FixedIp("s1", IPAddress.Parse("198.18.1.10"))]);
        var bindings = policy.RemoteGroups.Keys.Select((id, i) => new Binding(id, BindingScope.Port, $"member-{i:d2}")).Append(new Binding("big", BindingScope.Port, "app"));
        snapshot = new PolicySnapshot([new Project("bench", "bench")], [group, .. remoteGroups], [.. members, app], [], [.. bindings], []);

        var added = new SecurityGroupRule("proposed-0", "big", Direction.Ingress, EtherType.IPv4, Protocol.Of(Protocol.Tcp), 8443, 8443, Remote.Prefix.Of(IPNetwork.Parse("10.20.30.0/24")));
        addOne = ProposedChange.None with { AddedRules = [added] };
        var wide = group.Rules.First(r => r.Protocol.IsAny && r.Direction == Direction.Ingress);
        removeOne = ProposedChange.None with { RemovedRuleIds = [wide.Id] };
    }

    [Benchmark]
    public int AddOneRule() => ChangeImpactAnalyzer.Compute(snapshot, addOne.ApplyTo(snapshot)).Length;

    [Benchmark]
    public int RemoveOneRule() => ChangeImpactAnalyzer.Compute(snapshot, removeOne.ApplyTo(snapshot)).Length;
}
