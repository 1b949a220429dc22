namespace Palisade.Core.Feed;

/// <summary>
/// What the server's host feed sends an agent: the effective policy of each of the host's ports,
/// all at one store revision. The server writes it and the agent reads it with the same types, so
/// the wire format has one definition (snake_case JSON).
/// </summary>
public sealed record HostPolicy(string Host, long Revision, IReadOnlyList<PortPolicy> Ports);
