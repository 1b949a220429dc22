namespace Palisade.Store;

/// <summary>
/// Versioned schema changes, applied in order at start, written in the SQL that SQLite and
/// PostgreSQL share so both stores have one schema. Append a step; never edit an applied one.
/// </summary>
internal static class SchemaMigrations
{
    public static readonly string[] Steps =
    [
        """
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
        """,
        FlowLogs.FlowLogSchema.Create,
    ];
}
