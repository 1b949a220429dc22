using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Palisade.Store.FlowLogs;

/// <summary>
/// The flow-log statements both stores run, in the SQL SQLite and PostgreSQL share. Sequences come
/// from the one row of <c>flow_log_sequence</c>, raised inside the inserting transaction: the row
/// lock (PostgreSQL) or the single writer (SQLite) makes sequences follow commit order, which a
/// PostgreSQL identity column does not (a reader following by sequence could skip a record
/// committed late with a smaller number). Times are stored as fixed-width UTC text, so text order
/// is time order.
/// </summary>
internal static class FlowLogSql
{
    public const int PruneBatch = 500;

    private const string Columns = "seq, project_id, host, port_id, group_id, rule_id, direction, verdict, protocol, source, destination, source_port, destination_port, icmp_type, icmp_code, packets, bytes, first_seen, last_seen, received_at";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static async Task<long> AppendAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<FlowLogRecord> records, CancellationToken cancellationToken)
    {
        await using var raise = Create(connection, transaction, "UPDATE flow_log_sequence SET seq = seq + @count WHERE id = 1 RETURNING seq", ("count", (long)records.Count));
        var last = Convert.ToInt64(await raise.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        var next = last - records.Count + 1;
        foreach (var r in records)
        {
            await using var insert = Create(connection, transaction,
                $"INSERT INTO flow_logs ({Columns}) VALUES (@seq, @project, @host, @port, @group, @rule, @direction, @verdict, @protocol, @source, @destination, @sport, @dport, @itype, @icode, @packets, @bytes, @first, @last, @received)",
                ("seq", next++), ("project", r.ProjectId), ("host", r.Host), ("port", r.PortId), ("group", r.GroupId), ("rule", r.RuleId),
                ("direction", r.Direction), ("verdict", r.Verdict), ("protocol", r.Protocol), ("source", r.Source), ("destination", r.Destination),
                ("sport", r.SourcePort), ("dport", r.DestinationPort), ("itype", r.IcmpType), ("icode", r.IcmpCode),
                ("packets", r.Packets), ("bytes", r.Bytes), ("first", Time(r.FirstSeen)), ("last", Time(r.LastSeen)), ("received", Time(r.ReceivedAt)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return last;
    }

    /// <summary>Keyset paging: <c>seq &gt; @after ORDER BY seq LIMIT n</c>, with only the filters asked for in the WHERE.</summary>
    public static async Task<IReadOnlyList<FlowLogRecord>> ListAsync(DbConnection connection, FlowLogQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM flow_logs WHERE seq > @after");
        var parameters = new List<(string, object?)> { ("after", query.After), ("limit", query.Limit) };
        if (query.ProjectIds is { } projects)
        {
            if (projects.Count == 0)
            {
                return [];
            }

            sql.Append(" AND project_id IN (").AppendJoin(", ", projects.Select((_, i) => "@project" + i.ToString(CultureInfo.InvariantCulture))).Append(')');
            parameters.AddRange(projects.Select((p, i) => ("project" + i.ToString(CultureInfo.InvariantCulture), (object?)p)));
        }

        foreach (var (column, value) in new[] { ("port_id", query.PortId), ("group_id", query.GroupId), ("rule_id", query.RuleId), ("verdict", query.Verdict) })
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(column).Append(" = @").Append(column);
                parameters.Add((column, value));
            }
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND last_seen >= @since");
            parameters.Add(("since", Time(since)));
        }

        if (query.Until is { } until)
        {
            sql.Append(" AND first_seen < @until");
            parameters.Add(("until", Time(until)));
        }

        sql.Append(" ORDER BY seq LIMIT @limit");
        await using var command = Create(connection, null, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<FlowLogRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    /// <summary>The sequence at and below which records are beyond the newest <paramref name="keepNewest"/> (sequences are dense).</summary>
    public static async Task<long> KeepThroughAsync(DbConnection connection, long keepNewest, CancellationToken cancellationToken)
    {
        await using var command = Create(connection, null, "SELECT seq FROM flow_log_sequence WHERE id = 1");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) - keepNewest;
    }

    /// <summary>One batch of the oldest records to go; returns how many it deleted.</summary>
    public static async Task<int> DeleteBatchAsync(DbConnection connection, DateTimeOffset receivedBefore, long through, CancellationToken cancellationToken)
    {
        await using var command = Create(connection, null,
            "DELETE FROM flow_logs WHERE seq IN (SELECT seq FROM flow_logs WHERE seq <= @through OR received_at < @before ORDER BY seq LIMIT @batch)",
            ("through", through), ("before", Time(receivedBefore)), ("batch", PruneBatch));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static FlowLogRecord Read(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7),
        Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture),
        reader.GetString(9),
        reader.GetString(10),
        NullableInt(reader, 11),
        NullableInt(reader, 12),
        NullableInt(reader, 13),
        NullableInt(reader, 14),
        reader.GetInt64(15),
        reader.GetInt64(16),
        DateTimeOffset.Parse(reader.GetString(17), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        DateTimeOffset.Parse(reader.GetString(18), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        DateTimeOffset.Parse(reader.GetString(19), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));

    private static int? NullableInt(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
