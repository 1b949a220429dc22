using Palisade.Store.FlowLogs;

namespace Palisade.Store.Postgres;

/// <summary>Flow logs on PostgreSQL: outside the revision lock; appends serialize on the row of <c>flow_log_sequence</c> only.</summary>
public sealed partial class PostgresStore : IFlowLogStore
{
    public async Task<long> AppendFlowLogsAsync(IReadOnlyList<FlowLogRecord> records, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var last = await FlowLogSql.AppendAsync(connection, transaction, records, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return last;
    }

    public async Task<IReadOnlyList<FlowLogRecord>> ListFlowLogsAsync(FlowLogQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FlowLogSql.ListAsync(connection, query, cancellationToken);
    }

    public async Task<int> PruneFlowLogsAsync(DateTimeOffset receivedBefore, long keepNewest, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var through = await FlowLogSql.KeepThroughAsync(connection, keepNewest, cancellationToken);
        var total = 0;
        for (var deleted = FlowLogSql.PruneBatch; deleted == FlowLogSql.PruneBatch;)
        {
            deleted = await FlowLogSql.DeleteBatchAsync(connection, receivedBefore, through, cancellationToken);
            total += deleted;
        }

        return total;
    }
}
