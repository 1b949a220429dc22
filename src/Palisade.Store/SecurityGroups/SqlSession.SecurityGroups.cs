using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Palisade.Store;

/// <summary>
/// The security-group queries (<see cref="IStoreSession"/>), one SQL text for SQLite and
/// PostgreSQL, run with Dapper. Every list is keyset paged on an index, so a page reads about the
/// rows it returns; every write stamps the transaction's revision.
/// </summary>
internal sealed partial class SqlSession
{
    private const string GroupColumns = "id, project_id, name, description, status, stateful, revision, created_at, updated_at";

    private const string RuleColumns =
        "id, group_id, direction, ethertype, protocol, port_range_min, port_range_max, remote_ip_prefix, remote_ip_range, remote_group_id, "
        + "remote_address_group_id, description, logged, protocol_number, remote_ip_prefix_as_given, revision, created_at, updated_at, cf_rule_index, cf_rules_as_given";

    /// <summary>Groups' ids per IN list: well under SQLite's and PostgreSQL's parameter limits.</summary>
    private const int IdsPerQuery = 500;

    public async Task<SecurityGroupRow?> GroupAsync(string id, CancellationToken cancellationToken) =>
        (await GroupsAsync($"SELECT {GroupColumns} FROM security_groups WHERE id = @id", new { id }, cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<SecurityGroupRow>> GroupsOfProjectAsync(string? projectId, string? after, int limit, CancellationToken cancellationToken) =>
        projectId is null
            ? GroupsAsync($"SELECT {GroupColumns} FROM security_groups WHERE id > @after ORDER BY id LIMIT @limit", new { after = after ?? "", limit }, cancellationToken)
            : GroupsAsync($"SELECT {GroupColumns} FROM security_groups WHERE project_id = @projectId AND id > @after ORDER BY id LIMIT @limit", new { projectId, after = after ?? "", limit }, cancellationToken);

    public Task<IReadOnlyList<SecurityGroupRow>> GroupsNamedAsync(string? projectId, string name, CancellationToken cancellationToken) =>
        projectId is null
            ? GroupsAsync($"SELECT {GroupColumns} FROM security_groups WHERE project_id IS NULL AND name = @name ORDER BY id", new { name }, cancellationToken)
            : GroupsAsync($"SELECT {GroupColumns} FROM security_groups WHERE project_id = @projectId AND name = @name ORDER BY id", new { projectId, name }, cancellationToken);

    public Task<int> GroupCountAsync(string projectId, CancellationToken cancellationToken) =>
        CountAsync("SELECT COUNT(*) FROM security_groups WHERE project_id = @projectId", new { projectId }, cancellationToken);

    public async Task<IReadOnlyList<string>> GroupsReferencingAsync(string groupId, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<string>(Command(
            "SELECT DISTINCT group_id FROM security_group_rules WHERE remote_group_id = @groupId AND group_id <> @groupId ORDER BY group_id",
            new { groupId },
            cancellationToken))];

    public async Task<RuleRow?> RuleAsync(string id, CancellationToken cancellationToken) =>
        (await RulesAsync($"SELECT {RuleColumns} FROM security_group_rules WHERE id = @id", new { id }, cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<RuleRow>> RulesOfGroupAsync(string groupId, string? after, int limit, CancellationToken cancellationToken) =>
        RulesAsync(
            $"SELECT {RuleColumns} FROM security_group_rules WHERE group_id = @groupId AND id > @after ORDER BY id LIMIT @limit",
            new { groupId, after = after ?? "", limit },
            cancellationToken);

    public async Task<IReadOnlyList<RuleRow>> RulesOfGroupsAsync(IReadOnlyCollection<string>? groupIds, CancellationToken cancellationToken)
    {
        if (groupIds is null)
        {
            return await RulesAsync($"SELECT {RuleColumns} FROM security_group_rules ORDER BY group_id, position", null, cancellationToken);
        }

        var rules = new List<RuleRow>();
        foreach (var chunk in groupIds.Distinct().Chunk(IdsPerQuery))
        {
            var (list, parameters) = InList(chunk);
            rules.AddRange(await RulesAsync($"SELECT {RuleColumns} FROM security_group_rules WHERE group_id IN {list} ORDER BY group_id, position", parameters, cancellationToken));
        }

        return rules;
    }

    public Task<int> RuleCountOfGroupAsync(string groupId, CancellationToken cancellationToken) =>
        CountAsync("SELECT COUNT(*) FROM security_group_rules WHERE group_id = @groupId", new { groupId }, cancellationToken);

    public Task<int> RuleCountOfProjectAsync(string projectId, CancellationToken cancellationToken) =>
        CountAsync(
            "SELECT COUNT(*) FROM security_group_rules r JOIN security_groups g ON g.id = r.group_id WHERE g.project_id = @projectId",
            new { projectId },
            cancellationToken);

    /// <summary>
    /// Each term repeats one expression of the unique index (<see cref="SecurityGroupTables.RuleIdentity"/>)
    /// against the candidate's value, so the lookup is a probe of that index, not a walk of the group.
    /// </summary>
    public async Task<RuleRow?> SameRuleAsync(RuleRow candidate, CancellationToken cancellationToken)
    {
        var columns = SecurityGroupTables.RuleIdentity(column => column);
        var values = SecurityGroupTables.RuleIdentity(column => "@" + string.Concat(column.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..])));
        var sql = $"SELECT {RuleColumns} FROM security_group_rules WHERE {string.Join(" AND ", columns.Zip(values, (c, v) => $"{c} = {v}"))} AND id <> @Id LIMIT 1";
        return (await RulesAsync(sql, Parameters(candidate), cancellationToken)).FirstOrDefault();
    }

    public async Task<SecurityGroupRow> UpsertGroupAsync(SecurityGroupRow group, CancellationToken cancellationToken) =>
        (await GroupsAsync(
            $"""
            INSERT INTO security_groups ({GroupColumns})
            VALUES (@Id, @ProjectId, @Name, @Description, @Status, @Stateful, @Revision, @Now, @Now)
            ON CONFLICT (id) DO UPDATE SET project_id = @ProjectId, name = @Name, description = @Description, status = @Status,
                stateful = @Stateful, revision = @Revision, updated_at = @Now
            RETURNING {GroupColumns}
            """,
            new { group.Id, group.ProjectId, group.Name, group.Description, group.Status, Stateful = group.Stateful ? 1 : 0, Revision, Now = Timestamp(clock) },
            cancellationToken))[0];

    public async Task<bool> DeleteGroupAsync(string id, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(Command("DELETE FROM security_groups WHERE id = @id", new { id }, cancellationToken)) > 0;

    public async Task<RuleRow> InsertRuleAsync(RuleRow rule, CancellationToken cancellationToken)
    {
        IReadOnlyList<RuleRow> inserted;
        try
        {
            inserted = await RulesAsync(
                $"""
                INSERT INTO security_group_rules ({RuleColumns}, position)
                VALUES (@Id, @GroupId, @Direction, @Ethertype, @Protocol, @PortRangeMin, @PortRangeMax, @RemoteIpPrefix, @RemoteIpRange, @RemoteGroupId,
                    @RemoteAddressGroupId, @Description, @Log, @ProtocolNumber, @RemoteIpPrefixAsGiven, @Revision, @Now, @Now, @CfRuleIndex, @CfRulesAsGiven,
                    (SELECT COALESCE(MAX(position), 0) + 1 FROM security_group_rules WHERE group_id = @GroupId))
                RETURNING {RuleColumns}
                """,
                Parameters(rule),
                cancellationToken);
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            throw new DuplicateRowException($"security group {rule.GroupId} has the same rule as {rule.Id} already", e);
        }

        await StampGroupAsync(rule.GroupId, cancellationToken);
        return inserted[0];
    }

    public async Task<bool> DeleteRuleAsync(string id, CancellationToken cancellationToken)
    {
        var groupId = (await connection.QueryAsync<string>(Command("DELETE FROM security_group_rules WHERE id = @id RETURNING group_id", new { id }, cancellationToken))).FirstOrDefault();
        if (groupId is null)
        {
            return false;
        }

        await StampGroupAsync(groupId, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<string>> GroupTagsAsync(string groupId, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<string>(Command("SELECT tag FROM security_group_tags WHERE group_id = @groupId ORDER BY position", new { groupId }, cancellationToken))];

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GroupTagsOfAsync(IReadOnlyCollection<string>? groupIds, CancellationToken cancellationToken)
    {
        var rows = new List<(string GroupId, string Tag)>();
        if (groupIds is null)
        {
            rows.AddRange(await connection.QueryAsync<(string, string)>(Command("SELECT group_id, tag FROM security_group_tags ORDER BY group_id, position", null, cancellationToken)));
        }
        else
        {
            foreach (var chunk in groupIds.Distinct().Chunk(IdsPerQuery))
            {
                var (list, parameters) = InList(chunk);
                rows.AddRange(await connection.QueryAsync<(string, string)>(
                    Command($"SELECT group_id, tag FROM security_group_tags WHERE group_id IN {list} ORDER BY group_id, position", parameters, cancellationToken)));
            }
        }

        return rows.GroupBy(r => r.GroupId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(r => r.Tag)]);
    }

    public async Task SetGroupTagsAsync(string groupId, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(Command("DELETE FROM security_group_tags WHERE group_id = @groupId", new { groupId }, cancellationToken));
        foreach (var (tag, position) in tags.Select((t, i) => (t, i)))
        {
            await connection.ExecuteAsync(Command(
                "INSERT INTO security_group_tags (group_id, tag, position) VALUES (@groupId, @tag, @position)",
                new { groupId, tag, position },
                cancellationToken));
        }
    }

    /// <summary>A rule change is a change of its group: the group's revision and time follow, as they did when the group held its rules.</summary>
    private Task StampGroupAsync(string groupId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command("UPDATE security_groups SET revision = @Revision, updated_at = @Now WHERE id = @groupId", new { groupId, Revision, Now = Timestamp(clock) }, cancellationToken));

    private object Parameters(RuleRow rule) => new
    {
        rule.Id,
        rule.GroupId,
        rule.Direction,
        rule.Ethertype,
        rule.Protocol,
        rule.PortRangeMin,
        rule.PortRangeMax,
        rule.RemoteIpPrefix,
        rule.RemoteIpRange,
        rule.RemoteGroupId,
        rule.RemoteAddressGroupId,
        rule.Description,
        Log = rule.Log ? 1 : 0,
        rule.ProtocolNumber,
        rule.RemoteIpPrefixAsGiven,
        Revision = revision ?? 0,
        Now = Timestamp(clock),
        rule.CfRuleIndex,
        rule.CfRulesAsGiven,
    };

    /// <summary>
    /// An IN list of one parameter per id. Dapper would expand a list parameter itself, but for
    /// Npgsql it sends an array instead (which PostgreSQL takes only as <c>= ANY</c>, SQLite not at all).
    /// </summary>
    private static (string List, DynamicParameters Parameters) InList(IReadOnlyList<string> ids)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < ids.Count; i++)
        {
            parameters.Add(string.Create(CultureInfo.InvariantCulture, $"id{i}"), ids[i]);
        }

        return ("(" + string.Join(", ", ids.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"@id{i}"))) + ")", parameters);
    }

    private CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    private async Task<int> CountAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        Convert.ToInt32(await connection.ExecuteScalarAsync(Command(sql, parameters, cancellationToken)), CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<SecurityGroupRow>> GroupsAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var groups = new List<SecurityGroupRow>();
        await using var reader = await connection.ExecuteReaderAsync(Command(sql, parameters, cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new SecurityGroupRow(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture) != 0,
                Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture),
                ParseTime(reader.GetString(7)),
                ParseTime(reader.GetString(8))));
        }

        return groups;
    }

    private async Task<IReadOnlyList<RuleRow>> RulesAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var rules = new List<RuleRow>();
        await using var reader = await connection.ExecuteReaderAsync(Command(sql, parameters, cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(new RuleRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                Text(reader, 4),
                Number(reader, 5),
                Number(reader, 6),
                Text(reader, 7),
                Text(reader, 8),
                Text(reader, 9),
                Text(reader, 10),
                reader.GetString(11),
                Convert.ToInt64(reader.GetValue(12), CultureInfo.InvariantCulture) != 0,
                Text(reader, 13),
                Text(reader, 14),
                Convert.ToInt64(reader.GetValue(15), CultureInfo.InvariantCulture),
                ParseTime(reader.GetString(16)),
                ParseTime(reader.GetString(17)),
                Number(reader, 18),
                Text(reader, 19)));
        }

        return rules;
    }

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static int? Number(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : Convert.ToInt32(reader.GetValue(column), CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>SQLite's SQLITE_CONSTRAINT_UNIQUE and _PRIMARYKEY (https://sqlite.org/rescode.html), PostgreSQL's unique_violation (23505).</summary>
    private static bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
