using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Operations;

/// <summary>
/// What every API checks when it sets the groups of a port (native, Neutron, CloudStack), so the
/// answer is the same whichever dialect asks; each turns the refusal into its own error body.
/// </summary>
internal static class PortGroupOperations
{
    /// <summary>
    /// The refusal's text; Neutron raises SecurityGroupConflict (neutron/extensions/securitygroup.py)
    /// from neutron/db/securitygroups_db.py on port create and update.
    /// </summary>
    public const string MixedStatefulness = "Cannot apply both stateful and stateless security groups on the same port at the same time.";

    /// <summary>
    /// A port's groups are all stateful or all stateless, as Neutron requires (409
    /// SecurityGroupConflict): conntrack is on or off for the whole port, so a mix would silently
    /// make the stateless groups stateful or break the stateful ones' return traffic.
    /// </summary>
    public static void EnsureOneStatefulness(IEnumerable<GroupDocument> groups)
    {
        if (groups.Select(g => g.Stateful).Distinct().Count() > 1)
        {
            throw new ApiException(409, "Conflict", MixedStatefulness,
                new Dictionary<string, string[]> { ["security_groups"] = [MixedStatefulness] }, code: "SecurityGroupConflict");
        }
    }
}
