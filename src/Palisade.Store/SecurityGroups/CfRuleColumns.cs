namespace Palisade.Store;

/// <summary>
/// Cloud Foundry's rules as sent become columns of the rule rows (<see cref="RuleRow.CfRuleIndex"/>,
/// <see cref="RuleRow.CfRulesAsGiven"/>) instead of a <c>cf_rules</c> document beside the group, so
/// every API writes and reads one set of rows. A group's existing <c>cf_rules</c> document moves onto
/// its first rule row as <c>[index, rule]</c> pairs, and every rule row of the group is marked as made
/// from CF rule 0, so CAPI still shows the rules verbatim and no rule of the group twice. A document of
/// a group without rules (CF <c>rules: []</c>) holds nothing to keep. SQLite reads the document with
/// <c>json_each</c> (https://sqlite.org/json1.html); PostgreSQL with <c>json_array_elements … WITH
/// ORDINALITY</c> on <c>json</c>, not <c>jsonb</c>, which keeps each rule's keys in the order sent.
/// </summary>
internal static class CfRuleColumns
{
    public static MigrationStep Step { get; } = new(
        Columns + """
        UPDATE security_group_rules SET cf_rule_index = 0
        WHERE group_id IN (SELECT id FROM resources WHERE kind = 'cf_rules');
        UPDATE security_group_rules SET cf_rules_as_given = (
            SELECT json_group_array(json_array(CAST(e.key AS INTEGER), json(e.value)))
            FROM resources d, json_each(d.body) e
            WHERE d.kind = 'cf_rules' AND d.id = security_group_rules.group_id)
        WHERE id IN (
            SELECT (SELECT r.id FROM security_group_rules r WHERE r.group_id = d.id ORDER BY r.position LIMIT 1)
            FROM resources d WHERE d.kind = 'cf_rules');
        DELETE FROM resources WHERE kind = 'cf_rules';
        """,
        Columns + """
        UPDATE security_group_rules SET cf_rule_index = 0
        WHERE group_id IN (SELECT id COLLATE "C" FROM resources WHERE kind = 'cf_rules');
        UPDATE security_group_rules SET cf_rules_as_given = (
            SELECT json_agg(json_build_array(e.ordinality - 1, e.value) ORDER BY e.ordinality)::text
            FROM resources d CROSS JOIN LATERAL json_array_elements(d.body::json) WITH ORDINALITY AS e(value, ordinality)
            WHERE d.kind = 'cf_rules' AND d.id COLLATE "C" = security_group_rules.group_id)
        WHERE id IN (
            SELECT (SELECT r.id FROM security_group_rules r WHERE r.group_id = d.id COLLATE "C" ORDER BY r.position LIMIT 1)
            FROM resources d WHERE d.kind = 'cf_rules');
        DELETE FROM resources WHERE kind = 'cf_rules';
        """);

    private const string Columns = """
        ALTER TABLE security_group_rules ADD COLUMN cf_rule_index INTEGER;
        ALTER TABLE security_group_rules ADD COLUMN cf_rules_as_given TEXT;

        """;
}
