namespace Palisade.Cli.Models;

/// <summary>GET /api/v1/reachability: the classes of new flows a port lets through in one direction.</summary>
internal sealed record ReachabilityReport(
    string PortId,
    string Direction,
    long Revision,
    bool PortSecurityEnabled,
    bool Stateful,
    IReadOnlyList<string> IntraSubnetCidrs,
    IReadOnlyList<FlowClassView> Classes);

/// <summary>One class of flows (the server's FlowClassDocument).</summary>
internal sealed record FlowClassView(
    string Direction,
    string Ethertype,
    string? Protocol,
    IReadOnlyList<string> ExceptProtocols,
    int? PortRangeMin,
    int? PortRangeMax,
    IcmpPointView? IcmpFirst,
    IcmpPointView? IcmpLast,
    IReadOnlyList<string> Peers,
    IReadOnlyList<NamedGroupView> RemoteGroups,
    IReadOnlyList<string> RemoteAddressGroupIds,
    IReadOnlyList<Rule> Rules)
{
    /// <summary>"tcp", or "any except tcp, udp".</summary>
    public string ProtocolText => Protocol ?? (ExceptProtocols.Count == 0 ? "any" : $"any except {string.Join(", ", ExceptProtocols)}");

    /// <summary>"22", "8000-8999", "type 8 code 0 - type 8 code 255", or "all".</summary>
    public string PortsText =>
        PortRangeMin is { } min
            ? (min == 0 && PortRangeMax == 65535 ? "all" : min == PortRangeMax ? $"{min}" : $"{min}-{PortRangeMax}")
            : IcmpFirst is { } first && IcmpLast is { } last
                ? (first is { Type: 0, Code: 0 } && last is { Type: 255, Code: 255 } ? "all"
                    : first.Type == last.Type && first.Code == 0 && last.Code == 255 ? $"type {first.Type}"
                    : first == last ? $"type {first.Type} code {first.Code}"
                    : $"type {first.Type} code {first.Code} - type {last.Type} code {last.Code}")
                : "all";
}

internal sealed record IcmpPointView(int Type, int Code);

internal sealed record NamedGroupView(string Id, string? Name);
