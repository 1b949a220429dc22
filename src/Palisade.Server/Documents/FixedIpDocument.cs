namespace Palisade.Server.Documents;

public sealed record FixedIpDocument(string SubnetId, string IpAddress);
