using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Palisade.Core.Policy;
using Palisade.Nftables;
using Palisade.Workloads;

namespace Palisade.Benchmarks;

/// <summary>
/// The agent's CPU work for design.md §5's host (1,000 ports, 5,000 rules, a remote group of 10,000
/// members): rendering the whole table, and deciding that a membership change is set elements only
/// (<see cref="RulesetDiff.Compute"/> builds both rulesets; the agent builds only the next one
/// against the <see cref="HostRuleset"/> it applied) and writing that transaction. The time nft
/// and the kernel take is measured by bench/Palisade.AgentBench.
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private ImmutableArray<EffectivePolicy> host;
    private ImmutableArray<EffectivePolicy> joined;
    private HostRuleset applied = null!;

    [GlobalSetup]
    public void Setup()
    {
        host = HostWorkload.Build();
        joined = HostWorkload.WithExtraMember(host, 10_000);
        applied = HostRuleset.Build(host);
    }

    [Benchmark]
    public int RenderFullTable() => RulesetRenderer.Render(host).Length;

    [Benchmark]
    public int MembershipChangeAsElements() => RulesetDiff.Compute(host, joined)!.ToTransaction().Length;

    /// <summary>What the agent does: it keeps the ruleset it applied and builds only the next one.</summary>
    [Benchmark]
    public int MembershipChangeAgainstAppliedRuleset() => applied.DeltaTo(HostRuleset.Build(joined))!.ToTransaction().Length;

    /// <summary>What the agent does when only members changed: new member lists into the applied ruleset, no build.</summary>
    [Benchmark]
    public int MembershipChangeFromMembersOnly() => applied.WithGroupMembers(joined[0].RemoteGroups).Delta.ToTransaction().Length;
}
