using System.Collections.Immutable;

namespace Palisade.Nftables;

/// <summary>The elements one named set loses and gains between two rulesets, as nft writes them.</summary>
public sealed record SetElementDelta(string SetName, ImmutableArray<string> Removed, ImmutableArray<string> Added);
