namespace Palisade.Core.Classification;

/// <summary>The rules of one direction, ethertype and protocol: those without ports, and the port (or ICMP type/code) tree.</summary>
internal sealed class ProtocolPartition(AddressMatch? withoutPorts, PortTree? ports, bool icmp)
{
    public bool Matches(Flow flow, ref Peer peer)
    {
        if (withoutPorts is not null && withoutPorts.Matches(ref peer))
        {
            return true;
        }

        if (ports is null)
        {
            return false;
        }

        var key = icmp ? (flow.IcmpType << 8) | flow.IcmpCode : flow.DestinationPort;
        return ports.Matches(key, ref peer);
    }
}
