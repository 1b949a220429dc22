using Palisade.Server.Documents;

namespace Palisade.Server.Apis;

/// <summary>
/// One port's effective policy on the wire: its identity and addresses, the rules of its enabled
/// groups, the members of each remote group by reference, platform policies and same-subnet ranges.
/// </summary>
public sealed record PortPolicyDocument(
    string PortId,
    string Device,
    string? MacAddress,
    bool PortSecurityEnabled,
    bool Stateful,
    IReadOnlyList<string> SecurityGroups,
    IReadOnlyList<string> SourceAddresses,
    IReadOnlyList<string> IntraSubnetCidrs,
    IReadOnlyList<RuleDocument> Rules,
    IReadOnlyDictionary<string, IReadOnlyList<string>> RemoteGroups);
