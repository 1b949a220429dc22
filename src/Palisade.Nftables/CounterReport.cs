using System.Collections.Immutable;

namespace Palisade.Nftables;

/// <summary>
/// The counters of the table, by what they count: a rule id (hits per rule, design.md §3), a
/// platform policy id, or a port id for the implicit deny of each direction. A full render
/// recreates the table, so the agent adds these to what it reported before the render.
/// </summary>
public sealed record CounterReport(
    ImmutableDictionary<string, CounterValue> Rules,
    ImmutableDictionary<string, CounterValue> PlatformPolicies,
    ImmutableDictionary<string, CounterValue> IngressDrops,
    ImmutableDictionary<string, CounterValue> EgressDrops);
