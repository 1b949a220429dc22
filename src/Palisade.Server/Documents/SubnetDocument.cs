namespace Palisade.Server.Documents;

public sealed record SubnetDocument(string Id, string NetworkId, string ProjectId, string Cidr, int IpVersion, bool IntraSubnetAllowed, long RevisionNumber = 0);
