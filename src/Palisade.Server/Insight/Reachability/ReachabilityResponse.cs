namespace Palisade.Server.Insight.Reachability;

/// <summary>
/// What may reach a port (ingress) or what it may reach (egress), beyond infrastructure traffic
/// (DHCP, neighbour discovery), which always passes: disjoint classes of new flows.
/// </summary>
public sealed record ReachabilityResponse(
    string PortId,
    string Direction,
    long Revision,
    bool PortSecurityEnabled,
    bool Stateful,
    IReadOnlyList<string> IntraSubnetCidrs,
    IReadOnlyList<FlowClassDocument> Classes);
