namespace Palisade.Core.Feed;

/// <summary>
/// What the server's host feed sends an agent: the effective policy of each of the host's ports,
/// all at one store revision. The server writes it and the agent reads it with the same types, so
/// the wire format has one definition (snake_case JSON).
/// A remote group's members are sent once per host in <see cref="RemoteGroups"/>, and each port
/// names the groups it uses with empty member lists: a port-by-port copy would make the answer
/// ports × members (1,000 ports of a 10,000-member group would be ten million addresses). In the
/// same way a group's rules are sent once in <see cref="GroupRules"/> and a port's own rule list
/// is empty: its rules are those of its <see cref="PortPolicy.SecurityGroups"/>, in that order.
/// An address group's CIDRs travel once per host in <see cref="AddressGroups"/>, as members do.
/// <see cref="PolicyWire.Compact"/> and <see cref="PolicyWire.Expand"/> go between the two forms.
/// </summary>
public sealed record HostPolicy(
    string Host,
    long Revision,
    IReadOnlyList<PortPolicy> Ports,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? RemoteGroups = null,
    IReadOnlyDictionary<string, IReadOnlyList<RuleEntry>>? GroupRules = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? AddressGroups = null);
