namespace Palisade.Server.Apis.Requests;

/// <summary>
/// A flow at a port: the remote end, the protocol, and the destination port or ICMP type/code.
/// <see cref="SourcePort"/> (default 0) matters only for DHCP and DHCPv6, which step 3 tells
/// apart by both ports (a client asks 68→67, a server answers 67→68).
/// </summary>
public sealed record ExplainRequest(
    string? PortId,
    string? Direction,
    string? Ethertype,
    string? Protocol,
    string? RemoteIpAddress,
    int? Port = null,
    int? IcmpType = null,
    int? IcmpCode = null,
    string? LocalIpAddress = null,
    int? SourcePort = null);
