using System.Net;

namespace Palisade.Agent.Conntrack;

/// <summary>
/// The original direction of one conntrack entry: who sent the first packet to whom. Ports are
/// zero for protocols without them; ICMP entries carry type, code and echo id instead.
/// </summary>
internal sealed record ConntrackEntry(
    byte Protocol,
    IPAddress Source,
    IPAddress Destination,
    int SourcePort = 0,
    int DestinationPort = 0,
    byte IcmpType = 0,
    byte IcmpCode = 0,
    int IcmpId = 0)
{
    public bool IsIPv6 => Source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
}
