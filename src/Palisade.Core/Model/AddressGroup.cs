using System.Collections.Immutable;
using System.Net;

namespace Palisade.Core.Model;

/// <summary>
/// A named list of CIDRs of either family (Neutron's address-group extension) that rules name as
/// their remote: a rule matches a peer inside any of the group's CIDRs of the rule's ethertype.
/// <see cref="Addresses"/> are normalized (host bits cleared).
/// </summary>
public sealed record AddressGroup(string Id, string ProjectId, ImmutableArray<IPNetwork> Addresses);
