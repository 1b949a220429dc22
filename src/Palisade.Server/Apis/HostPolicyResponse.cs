namespace Palisade.Server.Apis;

/// <summary>What an agent needs to enforce a host: the effective policy of each of its ports, at one revision.</summary>
public sealed record HostPolicyResponse(string Host, long Revision, IReadOnlyList<PortPolicyDocument> Ports);
