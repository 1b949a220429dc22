using System.Net;
using Palisade.Core.Model;

namespace Palisade.Core.Classification;

/// <summary>
/// A packet as seen at a port. <see cref="PeerAddress"/> is the remote end (source on ingress,
/// destination on egress); <see cref="LocalAddress"/> is the port's end, checked against the port's
/// addresses on egress (anti-spoofing); null means "one of the port's own addresses".
/// <see cref="DestinationPort"/> is what a rule's port range matches; for ICMP the rule range
/// matches <see cref="IcmpType"/> and <see cref="IcmpCode"/>. <see cref="SourcePort"/> only
/// matters to recognise DHCP client traffic.
/// </summary>
public sealed record Flow(
    Direction Direction,
    EtherType EtherType,
    byte Protocol,
    IPAddress PeerAddress,
    int DestinationPort = 0,
    int SourcePort = 0,
    byte IcmpType = 0,
    byte IcmpCode = 0,
    IPAddress? LocalAddress = null,
    ConnectionState State = ConnectionState.New);
