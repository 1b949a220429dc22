using System.Collections.Immutable;

namespace Palisade.Core.Policy;

/// <summary>Resolves what ports get from a snapshot (design.md §1–§2). See <see cref="PolicyIndex"/> for the rules of resolution.</summary>
public static class EffectivePolicyBuilder
{
    public static EffectivePolicy Build(PolicySnapshot snapshot, string portId) => new PolicyIndex(snapshot).Build(portId);

    /// <summary>The effective policies of every port on <paramref name="host"/>, in port id order.</summary>
    public static ImmutableArray<EffectivePolicy> BuildForHost(PolicySnapshot snapshot, string host)
    {
        var index = new PolicyIndex(snapshot);
        return [.. snapshot.Ports
            .Where(p => p.Host == host)
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(index.Build)];
    }
}
