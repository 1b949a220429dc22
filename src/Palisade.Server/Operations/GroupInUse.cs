using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Operations;

/// <summary>
/// <see cref="SecurityGroupOperations.DeleteAsync"/>'s refusal of a group still in use: every port
/// it is on, every binding of it and every group with a rule naming it as remote group, so a
/// dialect words it its own way (CloudStack names the rules first, then the VMs). The native and
/// Neutron text names the first of ports, bindings and remote-group rules (Neutron's
/// SecurityGroupInUse, 409).
/// </summary>
internal sealed class GroupInUse(string groupId, IReadOnlyList<string> ports, IReadOnlyList<BindingDocument> bindings, IReadOnlyList<string> referencedBy)
    : ApiException(409, "Conflict", Detail(groupId, ports, bindings, referencedBy), code: "SecurityGroupInUse")
{
    public IReadOnlyList<string> Ports { get; } = ports;

    public IReadOnlyList<BindingDocument> Bindings { get; } = bindings;

    /// <summary>Ids of the groups with a rule whose remote group this one is.</summary>
    public IReadOnlyList<string> ReferencedBy { get; } = referencedBy;

    private static string Detail(string id, IReadOnlyList<string> ports, IReadOnlyList<BindingDocument> bindings, IReadOnlyList<string> referencedBy) =>
        ports.Count > 0 ? $"Security group {id} is in use: bound to port {string.Join(", port ", ports)}."
        : bindings.Count > 0 ? $"Security group {id} is in use: {string.Join(", ", bindings.Select(b => b.Scope == "global" ? $"bound globally ({b.Phase})" : $"bound to {b.Scope} {b.TargetId} ({b.Phase})"))}."
        : $"Security group {id} is the remote group of rules in group {string.Join(", group ", referencedBy)}; delete those rules first.";
}
