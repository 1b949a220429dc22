using Palisade.Core.Policy;
using Palisade.Nftables;

namespace Palisade.Agent.Apply;

/// <summary>
/// What the kernel holds, as far as the agent knows: the revision, the policies and the ruleset built
/// from them (to diff the next one against without building it again), each port's fingerprint (to
/// tell which ports changed), and the table as <c>nft -s list</c> printed it right after the apply
/// (to notice drift).
/// </summary>
internal sealed record AppliedRuleset(
    long Revision,
    PolicyReader.FeedReading Reading,
    HostRuleset Ruleset,
    string? Listing)
{
    public IReadOnlyList<EffectivePolicy> Policies => Reading.Policies;
}
