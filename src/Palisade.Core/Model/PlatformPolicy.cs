using System.Collections.Immutable;
using System.Net;

namespace Palisade.Core.Model;

/// <summary>
/// An admin-only deny entry, applied before any tenant rule and never shown to tenants (for example
/// an embargoed range). It matches a packet when every field it sets matches: a null direction or
/// ethertype matches both, an empty <see cref="Cidrs"/> any peer, <see cref="Protocol.Any"/> every
/// protocol, and null ports every port.
/// </summary>
public sealed record PlatformPolicy(
    string Id,
    string Name,
    ImmutableArray<IPNetwork> Cidrs,
    Direction? Direction = null,
    Protocol Protocol = default,
    int? PortRangeMin = null,
    int? PortRangeMax = null,
    bool Enabled = true);
