namespace Palisade.Store.FlowLogs;

/// <summary>
/// The flow-log table (docs/flow-logs.md), a migration step of its own. One index per filter of
/// <c>GET /api/v1/flow-logs</c>, each ending in <c>seq</c> so a filtered page is an index range scan
/// in sequence order; <c>received_at</c> for retention by age.
/// </summary>
internal static class FlowLogSchema
{
    public const string Create =
        """
        CREATE TABLE flow_log_sequence (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL);
        INSERT INTO flow_log_sequence (id, seq) VALUES (1, 0);
        CREATE TABLE flow_logs (
            seq BIGINT NOT NULL PRIMARY KEY,
            project_id TEXT NOT NULL,
            host TEXT NOT NULL,
            port_id TEXT NOT NULL,
            group_id TEXT,
            rule_id TEXT,
            direction TEXT NOT NULL,
            verdict TEXT NOT NULL,
            protocol INTEGER NOT NULL,
            source TEXT NOT NULL,
            destination TEXT NOT NULL,
            source_port INTEGER,
            destination_port INTEGER,
            icmp_type INTEGER,
            icmp_code INTEGER,
            packets BIGINT NOT NULL,
            bytes BIGINT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            received_at TEXT NOT NULL
        );
        CREATE INDEX flow_logs_by_project ON flow_logs (project_id, seq);
        CREATE INDEX flow_logs_by_port ON flow_logs (port_id, seq);
        CREATE INDEX flow_logs_by_group ON flow_logs (group_id, seq);
        CREATE INDEX flow_logs_by_rule ON flow_logs (rule_id, seq);
        CREATE INDEX flow_logs_by_verdict ON flow_logs (verdict, seq);
        CREATE INDEX flow_logs_by_last_seen ON flow_logs (last_seen);
        CREATE INDEX flow_logs_by_received ON flow_logs (received_at);
        """;
}
