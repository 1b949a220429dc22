using System.Net;

namespace Palisade.Core.Model;

/// <summary>
/// A subnet of a network. With <see cref="IntraSubnetAllowed"/> (the platform default) ports of the
/// subnet reach each other without a rule, as mCloud documents.
/// </summary>
public sealed record Subnet(string Id, string NetworkId, IPNetwork Cidr, bool IntraSubnetAllowed = true)
{
    public EtherType EtherType => Cidr.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? EtherType.IPv6
        : EtherType.IPv4;
}
