using System.Collections.Immutable;
using Palisade.Core.Model;

namespace Palisade.Core.Policy;

/// <summary>Everything that decides traffic, as read from the store at one revision.</summary>
public sealed record PolicySnapshot(
    ImmutableArray<Project> Projects,
    ImmutableArray<SecurityGroup> Groups,
    ImmutableArray<Port> Ports,
    ImmutableArray<Subnet> Subnets,
    ImmutableArray<Binding> Bindings,
    ImmutableArray<PlatformPolicy> PlatformPolicies,
    long Revision = 0)
{
    public static PolicySnapshot Empty { get; } = new([], [], [], [], [], []);

    /// <summary>The address groups rules may name as their remote.</summary>
    public ImmutableArray<AddressGroup> AddressGroups { get; init; } = [];
}
