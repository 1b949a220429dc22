using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Classification;

/// <summary>
/// An effective policy compiled for fast answers. Rules are split by direction, ethertype and
/// protocol (an array index, no hashing); within a partition, rules without ports merge into one
/// address set, and rules with ports or ICMP type/code go into a <see cref="PortTree"/>. Because
/// rules only allow and are unioned, the question is "does any rule match", so the addresses of
/// many rules merge into one sorted interval set and a lookup is a few searches, whatever the
/// number of rules: one for the peer's groups (<see cref="GroupMembership"/>), one per address set
/// of the any-protocol and port-less rules, and one segment plus one address set in the port tree.
/// The peer's address is converted to a number once per lookup. <see cref="Explain"/> answers the same question one rule at a time and
/// lists every rule that matched.
/// </summary>
public sealed class PolicyClassifier
{
    private readonly EffectivePolicy policy;
    private readonly IntervalSet[] sources; // by family: IPv4, IPv6
    private readonly IntervalSet[] intraSubnet;
    private readonly PlatformPolicy[] platformPolicies;
    private readonly AddressMatch?[] anyProtocol;
    private readonly ProtocolPartition?[] byProtocol;
    private readonly GroupMembership[] memberships; // by family

    private PolicyClassifier(EffectivePolicy policy, AddressMatch?[] anyProtocol, ProtocolPartition?[] byProtocol, GroupMembership[] memberships)
    {
        this.memberships = memberships;
        this.policy = policy;
        this.anyProtocol = anyProtocol;
        this.byProtocol = byProtocol;
        sources = [SetOf(policy.SourceAddresses, EtherType.IPv4), SetOf(policy.SourceAddresses, EtherType.IPv6)];
        intraSubnet = [SetOf(policy.IntraSubnetCidrs, EtherType.IPv4), SetOf(policy.IntraSubnetCidrs, EtherType.IPv6)];
        platformPolicies = [.. policy.PlatformPolicies.Where(p => p.Enabled)];
    }

    public EffectivePolicy Policy => policy;

    public static PolicyClassifier Compile(EffectivePolicy policy) => new PolicyClassifierCompiler(policy).Compile();

    internal static PolicyClassifier Create(EffectivePolicy policy, AddressMatch?[] anyProtocol, ProtocolPartition?[] byProtocol, GroupMembership[] memberships) =>
        new(policy, anyProtocol, byProtocol, memberships);

    internal static int PartitionOf(Direction direction, EtherType etherType) => ((int)direction << 1) | (int)etherType;

    public Decision Classify(Flow flow)
    {
        FlowMatching.EnsureWellFormed(flow);
        if (DecideBeforeRules(flow) is { } early)
        {
            return early;
        }

        var peer = AddressKey.Of(flow.PeerAddress);
        if (intraSubnet[(int)flow.EtherType].Contains(peer))
        {
            return new(Verdict.Allow, DecisionStep.IntraSubnet);
        }

        return AnyRuleMatches(flow, peer)
            ? new(Verdict.Allow, DecisionStep.Rule)
            : new(Verdict.Drop, DecisionStep.ImplicitDeny);
    }

    public ExplainResult Explain(Flow flow)
    {
        FlowMatching.EnsureWellFormed(flow);
        if (DecideBeforePlatform(flow) is { } early)
        {
            return new(early, []);
        }

        var matched = policy.Rules
            .Where(r => FlowMatching.RuleMatches(r.Rule, flow, policy.RemoteGroups, policy.AddressGroups))
            .Select(r => new MatchedRule(r.Rule.GroupId, r.Rule))
            .ToImmutableArray();

        var platform = policy.PlatformPolicies.FirstOrDefault(p => FlowMatching.PlatformPolicyMatches(p, flow));
        if (platform is not null)
        {
            return new(new(Verdict.Drop, DecisionStep.PlatformPolicy), matched, platform);
        }

        if (policy.IntraSubnetCidrs.Any(c => c.Contains(flow.PeerAddress)))
        {
            return new(new(Verdict.Allow, DecisionStep.IntraSubnet), matched);
        }

        return matched.IsEmpty
            ? new(new(Verdict.Drop, DecisionStep.ImplicitDeny), matched)
            : new(new(Verdict.Allow, DecisionStep.Rule), matched);
    }

    /// <summary>Steps 1–4, shared by both paths: they depend on the port, not on its rules.</summary>
    private Decision? DecideBeforePlatform(Flow flow)
    {
        if (!policy.Port.PortSecurityEnabled)
        {
            return new(Verdict.Allow, DecisionStep.PortSecurityDisabled);
        }

        if (FlowMatching.IsRefusedInfrastructure(flow))
        {
            return new(Verdict.Drop, DecisionStep.Infrastructure);
        }

        if (policy.Stateful && flow.State != ConnectionState.New)
        {
            return new(flow.State == ConnectionState.Established ? Verdict.Allow : Verdict.Drop, DecisionStep.ConnectionTracking);
        }

        if (FlowMatching.IsInfrastructure(flow))
        {
            return new(Verdict.Allow, DecisionStep.Infrastructure);
        }

        if (flow.Direction == Direction.Egress && flow.LocalAddress is { } source
            && !sources[AddressKey.IsIPv6(source) ? 1 : 0].Contains(AddressKey.Of(source)))
        {
            return new(Verdict.Drop, DecisionStep.AntiSpoofing);
        }

        return null;
    }

    private Decision? DecideBeforeRules(Flow flow)
    {
        if (DecideBeforePlatform(flow) is { } early)
        {
            return early;
        }

        foreach (var platform in platformPolicies)
        {
            if (FlowMatching.PlatformPolicyMatches(platform, flow))
            {
                return new(Verdict.Drop, DecisionStep.PlatformPolicy);
            }
        }

        return null;
    }

    private bool AnyRuleMatches(Flow flow, UInt128 address)
    {
        var peer = new Peer(address, memberships[(int)flow.EtherType]);
        var partition = PartitionOf(flow.Direction, flow.EtherType);
        if (anyProtocol[partition]?.Matches(ref peer) == true)
        {
            return true;
        }

        var rules = byProtocol[(partition << 8) | flow.Protocol];
        return rules is not null && rules.Matches(flow, ref peer);
    }

    private static IntervalSet SetOf(ImmutableArray<IPNetwork> networks, EtherType family) =>
        IntervalSet.Of([.. networks.Where(n => AddressKey.IsIPv6(n.BaseAddress) == (family == EtherType.IPv6)).Select(AddressKey.Interval)]);
}
