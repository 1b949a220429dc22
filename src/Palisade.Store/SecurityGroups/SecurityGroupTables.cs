namespace Palisade.Store;

/// <summary>
/// The tables of security groups, rules and group tags (issue 12), and the step that moves today's
/// <c>security_group</c> and <c>tags</c> documents out of <c>resources</c> into them, so a database of
/// the document schema upgrades in place. SQLite reads the documents with <c>json_extract</c> and
/// <c>json_each</c> (https://sqlite.org/json1.html), PostgreSQL with <c>jsonb</c> operators and
/// <c>jsonb_array_elements … WITH ORDINALITY</c>; a rule's position in its group's document becomes
/// its <c>position</c>, so a group shows its rules in the order they were added, as before.
/// On PostgreSQL the key columns sort by byte (<c>COLLATE "C"</c>), as SQLite's do, so keyset pages
/// follow the order the API's cursors compare in (ordinal).
/// </summary>
internal static class SecurityGroupTables
{
    /// <summary>
    /// What makes two rules of a group the same rule (Core's <c>RuleIdentity</c>, after Neutron's
    /// <c>_rule_to_key</c>): NULLs compare as '' or -1 so the unique index sees them (a NULL is never
    /// equal to another in a UNIQUE index, on either engine), the full port range of a non-ICMP rule
    /// is no ports, and a /0 prefix is no remote. The index of an applied step is built from this:
    /// change it only with a new step that rebuilds the index.
    /// </summary>
    public static IReadOnlyList<string> RuleIdentity(Func<string, string> c) =>
    [
        c("group_id"),
        c("direction"),
        c("ethertype"),
        $"COALESCE({c("protocol")}, '')",
        $"CASE WHEN {c("port_range_min")} = 1 AND {c("port_range_max")} = 65535 AND COALESCE({c("protocol")}, '') NOT IN ('icmp', 'ipv6-icmp') THEN -1 ELSE COALESCE({c("port_range_min")}, -1) END",
        $"CASE WHEN {c("port_range_min")} = 1 AND {c("port_range_max")} = 65535 AND COALESCE({c("protocol")}, '') NOT IN ('icmp', 'ipv6-icmp') THEN -1 ELSE COALESCE({c("port_range_max")}, -1) END",
        $"CASE WHEN {c("remote_ip_prefix")} IN ('0.0.0.0/0', '::/0') THEN '' ELSE COALESCE({c("remote_ip_prefix")}, '') END",
        $"COALESCE({c("remote_ip_range")}, '')",
        $"COALESCE({c("remote_group_id")}, '')",
        $"COALESCE({c("remote_address_group_id")}, '')",
    ];

    public static MigrationStep Step { get; } = new(Tables(key: "TEXT") + SqliteMove, Tables(key: "TEXT COLLATE \"C\"") + PostgresMove);

    private static string Tables(string key) => $"""
        CREATE TABLE security_groups (
            id {key} NOT NULL PRIMARY KEY,
            project_id {key},
            name {key} NOT NULL,
            description TEXT NOT NULL,
            status TEXT NOT NULL,
            stateful INTEGER NOT NULL,
            revision BIGINT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX security_groups_by_project ON security_groups (project_id, id);
        CREATE INDEX security_groups_by_name ON security_groups (project_id, name);
        CREATE TABLE security_group_rules (
            id {key} NOT NULL PRIMARY KEY,
            group_id {key} NOT NULL REFERENCES security_groups (id) ON DELETE CASCADE,
            position BIGINT NOT NULL,
            direction TEXT NOT NULL,
            ethertype TEXT NOT NULL,
            protocol TEXT,
            port_range_min INTEGER,
            port_range_max INTEGER,
            remote_ip_prefix TEXT,
            remote_ip_range TEXT,
            remote_group_id {key},
            remote_address_group_id {key},
            description TEXT NOT NULL,
            logged INTEGER NOT NULL,
            protocol_number TEXT,
            remote_ip_prefix_as_given TEXT,
            revision BIGINT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX security_group_rules_by_group ON security_group_rules (group_id, id);
        CREATE INDEX security_group_rules_by_position ON security_group_rules (group_id, position);
        CREATE INDEX security_group_rules_by_remote_group ON security_group_rules (remote_group_id);
        CREATE UNIQUE INDEX security_group_rules_identity ON security_group_rules ({string.Join(", ", RuleIdentity(c => c).Select(e => $"({e})"))});
        CREATE TABLE security_group_tags (
            group_id {key} NOT NULL REFERENCES security_groups (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (group_id, tag)
        );

        """;

    /// <summary>
    /// The group's revision is the one its document showed (revision_number). A rule that is the same
    /// rule as an earlier one of its group (the API never stored one) or reuses a rule id is kept once.
    /// Tags of a group move with it; tags of no group and no port (left by deleted groups) are dropped.
    /// </summary>
    private const string SqliteMove = """
        INSERT INTO security_groups (id, project_id, name, description, status, stateful, revision, created_at, updated_at)
        SELECT id, project_id, COALESCE(json_extract(body, '$.name'), ''), COALESCE(json_extract(body, '$.description'), ''),
            COALESCE(json_extract(body, '$.status'), 'enabled'), CASE WHEN json_extract(body, '$.stateful') = 0 THEN 0 ELSE 1 END,
            COALESCE(json_extract(body, '$.revision_number'), revision), created_at, updated_at
        FROM resources WHERE kind = 'security_group';
        INSERT OR IGNORE INTO security_group_rules (id, group_id, position, direction, ethertype, protocol, port_range_min, port_range_max,
            remote_ip_prefix, remote_ip_range, remote_group_id, remote_address_group_id, description, logged, protocol_number,
            remote_ip_prefix_as_given, revision, created_at, updated_at)
        SELECT json_extract(r.value, '$.id'), g.id, r.key + 1, json_extract(r.value, '$.direction'), json_extract(r.value, '$.ethertype'),
            json_extract(r.value, '$.protocol'), json_extract(r.value, '$.port_range_min'), json_extract(r.value, '$.port_range_max'),
            json_extract(r.value, '$.remote_ip_prefix'), json_extract(r.value, '$.remote_ip_range'), json_extract(r.value, '$.remote_group_id'),
            json_extract(r.value, '$.remote_address_group_id'), COALESCE(json_extract(r.value, '$.description'), ''),
            CASE WHEN json_extract(r.value, '$.log') = 1 THEN 1 ELSE 0 END, json_extract(r.value, '$.protocol_number'),
            json_extract(r.value, '$.remote_ip_prefix_as_given'), COALESCE(json_extract(r.value, '$.revision_number'), g.revision), g.created_at, g.updated_at
        FROM resources g, json_each(g.body, '$.rules') r
        WHERE g.kind = 'security_group'
        ORDER BY g.id, r.key;
        INSERT OR IGNORE INTO security_group_tags (group_id, tag, position)
        SELECT t.id, j.value, j.key FROM resources t JOIN security_groups g ON g.id = t.id, json_each(t.body) j
        WHERE t.kind = 'tags';
        DELETE FROM resources WHERE kind = 'tags' AND (id IN (SELECT id FROM security_groups) OR id NOT IN (SELECT id FROM resources WHERE kind = 'port'));
        DELETE FROM resources WHERE kind = 'security_group';
        """;

    private const string PostgresMove = """
        INSERT INTO security_groups (id, project_id, name, description, status, stateful, revision, created_at, updated_at)
        SELECT id, project_id, COALESCE(body::jsonb ->> 'name', ''), COALESCE(body::jsonb ->> 'description', ''),
            COALESCE(body::jsonb ->> 'status', 'enabled'), CASE WHEN body::jsonb -> 'stateful' = 'false'::jsonb THEN 0 ELSE 1 END,
            COALESCE((body::jsonb ->> 'revision_number')::bigint, revision), created_at, updated_at
        FROM resources WHERE kind = 'security_group';
        INSERT INTO security_group_rules (id, group_id, position, direction, ethertype, protocol, port_range_min, port_range_max,
            remote_ip_prefix, remote_ip_range, remote_group_id, remote_address_group_id, description, logged, protocol_number,
            remote_ip_prefix_as_given, revision, created_at, updated_at)
        SELECT r.value ->> 'id', g.id, r.ordinality, r.value ->> 'direction', r.value ->> 'ethertype',
            r.value ->> 'protocol', (r.value ->> 'port_range_min')::integer, (r.value ->> 'port_range_max')::integer,
            r.value ->> 'remote_ip_prefix', r.value ->> 'remote_ip_range', r.value ->> 'remote_group_id',
            r.value ->> 'remote_address_group_id', COALESCE(r.value ->> 'description', ''),
            CASE WHEN r.value -> 'log' = 'true'::jsonb THEN 1 ELSE 0 END, r.value ->> 'protocol_number',
            r.value ->> 'remote_ip_prefix_as_given', COALESCE((r.value ->> 'revision_number')::bigint, g.revision), g.created_at, g.updated_at
        FROM resources g CROSS JOIN LATERAL jsonb_array_elements(g.body::jsonb -> 'rules') WITH ORDINALITY AS r(value, ordinality)
        WHERE g.kind = 'security_group'
        ORDER BY g.id, r.ordinality
        ON CONFLICT DO NOTHING;
        INSERT INTO security_group_tags (group_id, tag, position)
        SELECT t.id, j.value, j.ordinality - 1 FROM resources t JOIN security_groups g ON g.id = t.id
            CROSS JOIN LATERAL jsonb_array_elements_text(t.body::jsonb) WITH ORDINALITY AS j(value, ordinality)
        WHERE t.kind = 'tags'
        ON CONFLICT DO NOTHING;
        DELETE FROM resources WHERE kind = 'tags' AND (id IN (SELECT id FROM security_groups) OR id NOT IN (SELECT id FROM resources WHERE kind = 'port'));
        DELETE FROM resources WHERE kind = 'security_group';
        """;
}
