namespace Palisade.Store;

/// <summary>
/// Which audit events a page holds: each non-null field must match exactly. <see cref="VisibleProjects"/>
/// null means every event (a platform admin); otherwise only events of those projects, so a tenant's
/// visibility is decided in the query and a page reads about its own size of rows.
/// </summary>
public sealed record AuditEventFilter(
    string? ProjectId = null,
    string? ResourceId = null,
    string? ResourceKind = null,
    string? Action = null,
    string? Actor = null,
    IReadOnlyCollection<string>? VisibleProjects = null,
    bool OldestFirst = false);
