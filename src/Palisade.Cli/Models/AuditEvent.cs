namespace Palisade.Cli.Models;

internal sealed record AuditEvent(
    string Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string ResourceKind,
    string ResourceId,
    string? ProjectId,
    string? RequestId,
    long Revision);
