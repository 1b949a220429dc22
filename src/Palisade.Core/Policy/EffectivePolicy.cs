using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;

namespace Palisade.Core.Policy;

/// <summary>
/// What a port gets (design.md §2), resolved from a <see cref="PolicySnapshot"/>: the rules of every
/// enabled group bound to it at any scope, the platform policies, the subnets whose peers are
/// allowed without a rule, the addresses it may send from, and the members of each remote group
/// its rules name. Remote groups stay by reference (<see cref="RemoteGroups"/>) so that both the
/// classifier and the nftables renderer keep one set per group instead of rules × members; so do
/// the address groups its rules name (<see cref="AddressGroups"/>, their CIDRs of both families).
/// <see cref="Stateful"/>: connection tracking applies unless every enabled group bound to the port
/// is stateless. Every API refuses to give a port both kinds, through its own groups or through
/// bindings, as Neutron does; should a snapshot still mix them (stored before that rule), the
/// stateful ones win, since dropping their return traffic would break them.
/// </summary>
public sealed record EffectivePolicy(
    Port Port,
    ImmutableArray<string> GroupIds,
    ImmutableArray<EffectiveRule> Rules,
    ImmutableDictionary<string, ImmutableArray<IPNetwork>> RemoteGroups,
    ImmutableArray<PlatformPolicy> PlatformPolicies,
    ImmutableArray<IPNetwork> IntraSubnetCidrs,
    ImmutableArray<IPNetwork> SourceAddresses,
    bool Stateful = true)
{
    /// <summary>The CIDRs of each address group the rules name; a group that no longer exists has none.</summary>
    public ImmutableDictionary<string, ImmutableArray<IPNetwork>> AddressGroups { get; init; } = ImmutableDictionary<string, ImmutableArray<IPNetwork>>.Empty;
}
