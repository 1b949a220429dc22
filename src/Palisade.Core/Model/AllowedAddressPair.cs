using System.Net;

namespace Palisade.Core.Model;

/// <summary>An extra address (or CIDR) a port may send from, e.g. a VRRP virtual IP. It joins remote-group membership.</summary>
public sealed record AllowedAddressPair(IPNetwork IpAddress, string? MacAddress = null);
