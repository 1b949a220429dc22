namespace Palisade.Server.Apis.Requests;

public sealed record FixedIpRequest(string? SubnetId, string? IpAddress);
