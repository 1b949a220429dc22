namespace Palisade.Server.Documents;

/// <summary>
/// Whether a port's firewall is in its host's kernel: <see cref="Enforced"/> when the host's agent
/// reported the port in its applied ruleset; <see cref="AppliedRevision"/> against
/// <see cref="StoreRevision"/> says how far behind the host is. <see cref="State"/> sums it up
/// (<see cref="Infrastructure.PortEnforcement"/>): in_sync, applying, agent_down or no_host.
/// </summary>
public sealed record PortStatusDocument(string PortId, string? Host, bool Enforced, long? AppliedRevision, long StoreRevision, DateTimeOffset? ReportedAt, string? Error, string State = "");
