using System.Collections.Immutable;

namespace Palisade.Nftables;

/// <summary>A chain of the table; <see cref="Hook"/> is set for base chains (<c>type filter hook … ;</c>).</summary>
internal sealed record NftChain(string Name, string? Hook, ImmutableArray<string> Rules);
