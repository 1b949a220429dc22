namespace Palisade.Server.Apis.Requests;

public sealed record PortCreate(
    string? ProjectId,
    string? NetworkId,
    IReadOnlyList<FixedIpRequest>? FixedIps,
    string? MacAddress = null,
    string? InstanceId = null,
    string? Host = null,
    string? Phase = null,
    bool? PortSecurityEnabled = null,
    IReadOnlyList<AddressPairRequest>? AllowedAddressPairs = null,
    IReadOnlyList<string>? SecurityGroups = null,
    bool? LogDrops = null);
