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
        IdentityTables,
        SecurityGroupTables.Step,
        MigrationStep.Shared(FlowLogs.FlowLogSchema.Create),
        CfRuleColumns.Step,
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

    /// <summary>
    /// Principals, role bindings, tokens (with the hash that finds each, from the earlier
    /// <c>token_hash</c> documents) and API keys get their own tables with foreign keys to the
    /// principal, and their documents move into them. The platform admin's built-in principal gets a
    /// row so its tokens and keys meet the foreign key. A document whose principal no longer exists (API
    /// keys outlived their principal before) cannot meet it, and could not sign in either: it is dropped.
    /// </summary>
    private static MigrationStep IdentityTables => new(
        IdentitySchema + """
        INSERT INTO principals (id, name, revision_number)
        SELECT id, json_extract(body, '$.name'), COALESCE(json_extract(body, '$.revision_number'), 0) FROM resources WHERE kind = 'principal' AND id <> 'admin';
        INSERT INTO role_bindings (id, principal_id, role, project_id, revision_number)
        SELECT id, json_extract(body, '$.principal_id'), json_extract(body, '$.role'), json_extract(body, '$.project_id'), COALESCE(json_extract(body, '$.revision_number'), 0)
        FROM resources WHERE kind = 'role_binding' AND json_extract(body, '$.principal_id') IN (SELECT id FROM principals);
        INSERT INTO tokens (id, principal_id, token_hash, description, created_at, revision_number, project_id, expires_at)
        SELECT t.id, json_extract(t.body, '$.principal_id'), h.id, json_extract(t.body, '$.description'), json_extract(t.body, '$.created_at'),
               COALESCE(json_extract(t.body, '$.revision_number'), 0), json_extract(t.body, '$.project_id'), json_extract(t.body, '$.expires_at')
        FROM resources t LEFT JOIN resources h ON h.kind = 'token_hash' AND json_extract(h.body, '$.id') = t.id
        WHERE t.kind = 'token' AND json_extract(t.body, '$.principal_id') IN (SELECT id FROM principals);
        INSERT INTO api_keys (api_key, principal_id, secret_key, created_at)
        SELECT id, json_extract(body, '$.principal_id'), json_extract(body, '$.secret_key'), json_extract(body, '$.created_at')
        FROM resources WHERE kind = 'api_key' AND json_extract(body, '$.principal_id') IN (SELECT id FROM principals);
        """ + IdentityDocumentsMoved,
        IdentitySchema + """
        INSERT INTO principals (id, name, revision_number)
        SELECT id, body::json->>'name', COALESCE((body::json->>'revision_number')::bigint, 0) FROM resources WHERE kind = 'principal' AND id <> 'admin';
        INSERT INTO role_bindings (id, principal_id, role, project_id, revision_number)
        SELECT id, body::json->>'principal_id', body::json->>'role', body::json->>'project_id', COALESCE((body::json->>'revision_number')::bigint, 0)
        FROM resources WHERE kind = 'role_binding' AND body::json->>'principal_id' IN (SELECT id FROM principals);
        INSERT INTO tokens (id, principal_id, token_hash, description, created_at, revision_number, project_id, expires_at)
        SELECT t.id, t.body::json->>'principal_id', h.id, t.body::json->>'description', t.body::json->>'created_at',
               COALESCE((t.body::json->>'revision_number')::bigint, 0), t.body::json->>'project_id', t.body::json->>'expires_at'
        FROM resources t LEFT JOIN resources h ON h.kind = 'token_hash' AND h.body::json->>'id' = t.id
        WHERE t.kind = 'token' AND t.body::json->>'principal_id' IN (SELECT id FROM principals);
        INSERT INTO api_keys (api_key, principal_id, secret_key, created_at)
        SELECT id, body::json->>'principal_id', body::json->>'secret_key', body::json->>'created_at'
        FROM resources WHERE kind = 'api_key' AND body::json->>'principal_id' IN (SELECT id FROM principals);
        """ + IdentityDocumentsMoved);

    private const string IdentitySchema = """
        CREATE TABLE principals (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            revision_number BIGINT NOT NULL
        );
        INSERT INTO principals (id, name, revision_number) VALUES ('admin', 'admin', 0);
        CREATE TABLE role_bindings (
            id TEXT PRIMARY KEY,
            principal_id TEXT NOT NULL REFERENCES principals (id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            project_id TEXT,
            revision_number BIGINT NOT NULL
        );
        CREATE INDEX role_bindings_by_principal ON role_bindings (principal_id);
        CREATE INDEX role_bindings_by_project ON role_bindings (project_id, id);
        CREATE TABLE tokens (
            id TEXT PRIMARY KEY,
            principal_id TEXT NOT NULL REFERENCES principals (id) ON DELETE CASCADE,
            token_hash TEXT UNIQUE,
            description TEXT NOT NULL,
            created_at TEXT NOT NULL,
            revision_number BIGINT NOT NULL,
            project_id TEXT,
            expires_at TEXT
        );
        CREATE INDEX tokens_by_principal ON tokens (principal_id, id);
        CREATE TABLE api_keys (
            api_key TEXT PRIMARY KEY,
            principal_id TEXT NOT NULL REFERENCES principals (id) ON DELETE CASCADE,
            secret_key TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX api_keys_by_principal ON api_keys (principal_id);

        """;

    /// <summary>Every earlier identity document is gone: moved, or (a key or token whose principal was deleted) unusable already.</summary>
    private const string IdentityDocumentsMoved = """
        DELETE FROM resources WHERE kind IN ('principal', 'role_binding', 'token', 'token_hash', 'api_key');
        """;
}
