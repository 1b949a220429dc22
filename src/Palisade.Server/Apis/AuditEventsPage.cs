using Palisade.Server.Documents;

namespace Palisade.Server.Apis;

/// <summary>One page of audit events, newest first; <see cref="NextCursor"/> fetches the next (older) page.</summary>
public sealed record AuditEventsPage(IReadOnlyList<AuditEventDocument> Events, string? NextCursor);
