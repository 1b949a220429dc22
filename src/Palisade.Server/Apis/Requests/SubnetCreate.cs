namespace Palisade.Server.Apis.Requests;

public sealed record SubnetCreate(string? NetworkId, string? Cidr, bool? IntraSubnetAllowed = null);
