namespace Palisade.Store;

/// <summary>
/// One row of the audit log (table <c>audit_events</c>): who changed what, when, in which request,
/// with the changed row before and after as JSON text (null where it did not exist). The id sorts in
/// commit order: the revision, then the order of the change within its transaction.
/// </summary>
public sealed record AuditEventRow(
    string Id,
    long Revision,
    DateTimeOffset At,
    string Actor,
    string Action,
    string ResourceKind,
    string ResourceId,
    string? ProjectId,
    string? RequestId,
    string? Before,
    string? After);
