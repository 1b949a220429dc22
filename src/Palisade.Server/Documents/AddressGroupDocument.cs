namespace Palisade.Server.Documents;

/// <summary>
/// A project's named list of CIDRs that rules name as their remote (Neutron's address groups).
/// <see cref="Addresses"/> are normalized networks (<c>10.0.0.0/24</c>, not <c>10.0.0.1/24</c>),
/// kept in the order they were added.
/// </summary>
public sealed record AddressGroupDocument(
    string Id,
    string ProjectId,
    string Name,
    string Description,
    IReadOnlyList<string> Addresses,
    long RevisionNumber = 0);
