using System.Collections.Immutable;

namespace Palisade.Nftables;

/// <summary>
/// The table <c>inet palisade</c> before it becomes text: named counters, sets (with verdict maps,
/// which are sets of interface → verdict), regular chains and base chains, each in a fixed order so
/// that the same policies always give the same bytes.
/// </summary>
internal sealed record NftRuleset(
    ImmutableArray<string> Counters,
    ImmutableArray<NftSet> Sets,
    ImmutableArray<NftChain> Chains,
    ImmutableArray<NftSet> Maps,
    ImmutableArray<NftChain> BaseChains);
