namespace Palisade.Store.Sqlite;

/// <summary>Versioned schema changes, applied in order at start; the applied version is in <c>PRAGMA user_version</c>.</summary>
internal static class SqliteMigrations
{
    public static readonly string[] Steps =
    [
        """
        CREATE TABLE store_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
        INSERT INTO store_revision (id, revision) VALUES (1, 0);
        CREATE TABLE resources (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            project_id TEXT,
            revision INTEGER NOT NULL,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (kind, id)
        );
        CREATE INDEX resources_by_project ON resources (kind, project_id);
        """,
    ];
}
