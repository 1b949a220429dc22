using System.Text.Json.Nodes;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// Neutron has no address range for a rule's remote (a Cloud Foundry ASG rule may have one:
/// <c>10.0.0.1-10.0.0.9</c>), and a rule with neither prefix nor group reads as "any address" to a
/// Neutron client. So a range rule is shown with <c>remote_ip_prefix: null</c> and
/// <c>remote_address_group_id</c> naming an address group that holds the range's exact CIDR cover
/// (<see cref="Core.Model.RangeCover"/>): the address group's id is the rule's own id, it exists as
/// long as the rule does, whoever may see the rule's group may read it, and it changes only with the
/// rule (a write to it is 403). It is answered by id, not listed (docs/compatibility/neutron.md).
/// </summary>
internal static class NeutronRangeAddressGroups
{
    /// <summary>The address group that stands for the rule's range, or null for a rule without one.</summary>
    public static string? IdOf(RuleDocument rule) => rule.RemoteIpRange is null ? null : rule.Id;

    /// <summary>The view of the address group <paramref name="id"/> when it stands for a range rule the caller may see; else null.</summary>
    public static async Task<JsonObject?> ViewAsync(IStoreSession session, Caller caller, string id, CancellationToken cancellationToken)
    {
        if (await session.RuleAsync(id, cancellationToken) is not { RemoteIpRange: { } range } rule
            || Core.Model.RangeCover.OfText(range) is not { } cover
            || await session.GroupAsync(rule.GroupId, cancellationToken) is not { } group
            || !await GroupVisibility.Of(session, caller).CanSeeAsync(SecurityGroupRows.ToDocument(group, []), cancellationToken))
        {
            return null;
        }

        return new JsonObject
        {
            ["id"] = rule.Id,
            ["name"] = $"range {range}",
            ["description"] = $"The addresses {range} of security group rule {rule.Id}, as CIDRs; it changes only with that rule.",
            ["project_id"] = group.ProjectId,
            ["tenant_id"] = group.ProjectId,
            ["addresses"] = new JsonArray([.. cover.Select(n => (JsonNode)n.ToString())]),
            ["created_at"] = NeutronViews.Timestamp(rule.CreatedAt),
            ["updated_at"] = NeutronViews.Timestamp(rule.UpdatedAt),
            ["revision_number"] = rule.Revision,
        };
    }

    /// <summary>A write to such an address group: 403 when the caller may read it, so the refusal says why; else nothing.</summary>
    public static async Task EnsureNotRangeAsync(IStoreSession session, Caller caller, string id, CancellationToken cancellationToken)
    {
        if (await ViewAsync(session, caller, id, cancellationToken) is not null)
        {
            throw new ApiException(403, "Forbidden", $"Address group {id} stands for the address range of security group rule {id} and changes only with that rule.", code: "PolicyNotAuthorized");
        }
    }
}
