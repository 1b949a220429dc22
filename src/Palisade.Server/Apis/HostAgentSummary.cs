namespace Palisade.Server.Apis;

/// <summary>
/// One host as the hosts list shows it: how many ports the store places on it and what its agent
/// last reported. <see cref="State"/> is <c>in_sync</c> when the agent applied the store's current
/// revision (an agent's long poll answers on every committed write, so an idle, healthy agent
/// catches up after each one), <c>behind</c> when it applied an older one, and <c>not_reported</c>
/// when no agent has reported for the host.
/// </summary>
public sealed record HostAgentSummary(
    string Host,
    int Ports,
    long CurrentRevision,
    long? AppliedRevision,
    string State,
    DateTimeOffset? ReportedAt,
    string? Error,
    long DriftRepairs);
