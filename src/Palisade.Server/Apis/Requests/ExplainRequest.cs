namespace Palisade.Server.Apis.Requests;

/// <summary>A flow at a port: the remote end, the protocol, and the destination port or ICMP type/code.</summary>
public sealed record ExplainRequest(
    string? PortId,
    string? Direction,
    string? Ethertype,
    string? Protocol,
    string? RemoteIpAddress,
    int? Port = null,
    int? IcmpType = null,
    int? IcmpCode = null,
    string? LocalIpAddress = null);
