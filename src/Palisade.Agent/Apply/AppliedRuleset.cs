using Palisade.Core.Policy;

namespace Palisade.Agent.Apply;

/// <summary>
/// What the kernel holds, as far as the agent knows: the revision, the policies rendered into the
/// table, each port's wire document (to tell which ports changed), and the table as
/// <c>nft -s list</c> printed it right after the apply (to notice drift).
/// </summary>
internal sealed record AppliedRuleset(
    long Revision,
    IReadOnlyList<EffectivePolicy> Policies,
    IReadOnlyDictionary<string, string> PortDocuments,
    string? Listing);
