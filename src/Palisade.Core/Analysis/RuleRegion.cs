using Palisade.Core.Model;

namespace Palisade.Core.Analysis;

/// <summary>
/// The flows one rule allows, as a box: direction and ethertype, a protocol (-1 for any), one
/// interval of a 16-bit "port" axis, and a set of peer addresses. The port axis is the destination
/// port for port protocols and type × 256 + code for ICMP, so that FlowMatching's readings
/// (no type = every type, a type without code = its 256 codes, ports min..(max ?? min)) all become
/// one interval; a rule of any protocol, or of a protocol without ports, covers the whole axis.
/// </summary>
internal sealed record RuleRegion(
    SecurityGroupRule Rule,
    Direction Direction,
    EtherType EtherType,
    int Protocol,
    int PortFirst,
    int PortLast,
    AddressSet Addresses)
{
    public const int AnyProtocol = -1;
    public const int PortAxisMax = 65535;

    public bool HasFullPortAxis => PortFirst == 0 && PortLast == PortAxisMax;

    /// <summary>Every flow this region allows, the other region allows too.</summary>
    public bool Covers(RuleRegion other) =>
        Direction == other.Direction
        && EtherType == other.EtherType
        && (Protocol == AnyProtocol || Protocol == other.Protocol)
        && (Protocol == AnyProtocol || (PortFirst <= other.PortFirst && PortLast >= other.PortLast))
        && Addresses.Contains(other.Addresses);

    /// <summary>Both regions allow exactly the same flows.</summary>
    public bool SameFlows(RuleRegion other) =>
        Direction == other.Direction && EtherType == other.EtherType && Protocol == other.Protocol
        && PortFirst == other.PortFirst && PortLast == other.PortLast && Addresses.Equals(other.Addresses);

    public static RuleRegion Of(SecurityGroupRule rule, AddressSet addresses)
    {
        var (first, last) = PortAxis(rule.Protocol, rule.PortRangeMin, rule.PortRangeMax);
        return new(rule, rule.Direction, rule.EtherType, rule.Protocol.IsAny ? AnyProtocol : rule.Protocol.Number!.Value, first, last, addresses);
    }

    /// <summary>The interval of the port axis a protocol and port fields match (FlowMatching.ProtocolAndPortsMatch).</summary>
    public static (int First, int Last) PortAxis(Protocol protocol, int? min, int? max)
    {
        if (min is not { } low || !(protocol.HasPorts || protocol.IsIcmp))
        {
            return (0, PortAxisMax);
        }

        if (protocol.HasPorts)
        {
            return (low, max ?? low);
        }

        return max is { } code ? ((low * 256) + code, (low * 256) + code) : (low * 256, (low * 256) + 255);
    }
}
