using System.Collections.Immutable;

namespace Palisade.Core.Model;

/// <summary>
/// A network port of an instance. <see cref="InterfaceName"/> is the host device; when null the
/// agent uses <c>tap</c> + the first 11 characters of the id, as Neutron names them.
/// <see cref="LogDrops"/> sends what the port's implicit deny drops to the flow log (docs/flow-logs.md).
/// </summary>
public sealed record Port(
    string Id,
    string ProjectId,
    string NetworkId,
    ImmutableArray<FixedIp> FixedIps,
    string? MacAddress = null,
    string? InstanceId = null,
    string? Host = null,
    PortPhase Phase = PortPhase.None,
    bool PortSecurityEnabled = true,
    ImmutableArray<AllowedAddressPair> AllowedAddressPairs = default,
    string? InterfaceName = null,
    bool LogDrops = false)
{
    public ImmutableArray<AllowedAddressPair> AllowedAddressPairs { get; init; } = AllowedAddressPairs.IsDefault ? [] : AllowedAddressPairs;

    public string DeviceName => InterfaceName ?? "tap" + (Id.Length > 11 ? Id[..11] : Id);
}
