namespace Palisade.Cli.Models;

internal sealed record AuditEventsPage(IReadOnlyList<AuditEvent> Events, string? NextCursor);
