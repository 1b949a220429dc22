namespace Palisade.Server.Apis.Requests;

public sealed record AddressPairRequest(string? IpAddress, string? MacAddress = null);
