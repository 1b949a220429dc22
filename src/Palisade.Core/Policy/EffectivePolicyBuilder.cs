using System.Collections.Immutable;

namespace Palisade.Core.Policy;

/// <summary>Resolves what ports get from a snapshot (design.md §1–§2). See <see cref="PolicyIndex"/> for the rules of resolution.</summary>
public static class EffectivePolicyBuilder
{
    public static EffectivePolicy Build(PolicySnapshot snapshot, string portId) => new PolicyIndex(snapshot).Build(portId);

    /// <summary>The effective policies of every port on <paramref name="host"/>, in port id order.</summary>
    public static ImmutableArray<EffectivePolicy> BuildForHost(PolicySnapshot snapshot, string host) => BuildForHost(new PolicyIndex(snapshot), host);

    /// <summary>As <see cref="BuildForHost(PolicySnapshot, string)"/>, from an index already built: the cost is the host's own ports.</summary>
    public static ImmutableArray<EffectivePolicy> BuildForHost(PolicyIndex index, string host) => [.. index.PortsOn(host).Select(index.Build)];
}
