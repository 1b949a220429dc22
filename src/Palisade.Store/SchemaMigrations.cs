namespace Palisade.Store;

/// <summary>
/// Versioned schema changes, applied in order at start, each in one transaction with the schema
/// version it reaches. A step is written once in the SQL that SQLite and PostgreSQL share
/// (<see cref="MigrationStep.Shared"/>) where it can be, so both stores have one schema; a step that
/// moves data out of JSON documents needs each engine's JSON functions and is written per engine.
/// Append a step; never edit an applied one.
/// </summary>
internal static class SchemaMigrations
{
    public static readonly MigrationStep[] Steps =
    [
        MigrationStep.Shared("""
        CREATE TABLE store_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL);
        INSERT INTO store_revision (id, revision) VALUES (1, 0);
        CREATE TABLE resources (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            project_id TEXT,
            revision BIGINT NOT NULL,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (kind, id)
        );
        CREATE INDEX resources_by_project ON resources (kind, project_id);
        """),
        AuditEventsTable,
    ];

    /// <summary>
    /// The audit log gets its own table, indexed for the pages the audit API reads (newest first, by
    /// project, by resource) and for retention (oldest id first), and today's audit documents move
    /// into it: each engine reads their JSON with its own functions.
    /// </summary>
    private static MigrationStep AuditEventsTable => new(
        AuditEventsSchema + """
        INSERT INTO audit_events (id, revision, at, actor, action, resource_kind, resource_id, project_id, request_id, before_json, after_json)
        SELECT id, json_extract(body, '$.revision'), json_extract(body, '$.at'), json_extract(body, '$.actor'), json_extract(body, '$.action'),
               json_extract(body, '$.resource_kind'), json_extract(body, '$.resource_id'), project_id, json_extract(body, '$.request_id'),
               CASE WHEN json_type(body, '$.before') <> 'null' THEN body -> '$.before' END,
               CASE WHEN json_type(body, '$.after') <> 'null' THEN body -> '$.after' END
        FROM resources WHERE kind = 'audit_event';
        DELETE FROM resources WHERE kind = 'audit_event';
        """,
        AuditEventsSchema + """
        INSERT INTO audit_events (id, revision, at, actor, action, resource_kind, resource_id, project_id, request_id, before_json, after_json)
        SELECT id, (d->>'revision')::bigint, d->>'at', d->>'actor', d->>'action', d->>'resource_kind', d->>'resource_id', project_id, d->>'request_id',
               CASE WHEN json_typeof(d->'before') <> 'null' THEN (d->'before')::text END,
               CASE WHEN json_typeof(d->'after') <> 'null' THEN (d->'after')::text END
        FROM (SELECT id, project_id, body::json AS d FROM resources WHERE kind = 'audit_event') AS documents;
        DELETE FROM resources WHERE kind = 'audit_event';
        """);

    private const string AuditEventsSchema = """
        CREATE TABLE audit_events (
            id TEXT PRIMARY KEY,
            revision BIGINT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            resource_kind TEXT NOT NULL,
            resource_id TEXT NOT NULL,
            project_id TEXT,
            request_id TEXT,
            before_json TEXT,
            after_json TEXT
        );
        CREATE INDEX audit_events_by_revision ON audit_events (revision);
        CREATE INDEX audit_events_by_project ON audit_events (project_id, id);
        CREATE INDEX audit_events_by_resource ON audit_events (resource_id, id);

        """;
}
