using System.Collections.Immutable;

namespace Palisade.Nftables;

/// <summary>
/// A named set of the table. <see cref="Declaration"/> is everything but the elements (type and
/// flags), so two rulesets whose sets differ only in elements can be moved from one to the other
/// with element updates.
/// </summary>
internal sealed record NftSet(string Name, ImmutableArray<string> Declaration, ImmutableArray<string> Elements);
