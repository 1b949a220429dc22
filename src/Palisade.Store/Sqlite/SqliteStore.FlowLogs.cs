using Palisade.Store.FlowLogs;

namespace Palisade.Store.Sqlite;

/// <summary>Flow logs on SQLite: appends and prune batches take the writer like any write, without raising the revision.</summary>
public sealed partial class SqliteStore : IFlowLogStore
{
    public async Task<long> AppendFlowLogsAsync(IReadOnlyList<FlowLogRecord> records, CancellationToken cancellationToken)
    {
        await writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await SqlSession.ExecuteAsync(connection, null, "BEGIN IMMEDIATE;", cancellationToken);
            long last;
            try
            {
                last = await FlowLogSql.AppendAsync(connection, null, records, cancellationToken);
                await SqlSession.ExecuteAsync(connection, null, "COMMIT;", cancellationToken);
            }
            catch
            {
                await SqlSession.ExecuteAsync(connection, null, "ROLLBACK;", CancellationToken.None);
                throw;
            }

            await BoundWalAsync(connection);
            Interlocked.Increment(ref writesSinceCheckpoint);
            return last;
        }
        finally
        {
            writer.Release();
        }
    }

    public async Task<IReadOnlyList<FlowLogRecord>> ListFlowLogsAsync(FlowLogQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await FlowLogSql.ListAsync(connection, query, cancellationToken);
    }

    public async Task<int> PruneFlowLogsAsync(DateTimeOffset receivedBefore, long keepNewest, CancellationToken cancellationToken)
    {
        long through;
        await using (var connection = await OpenConnectionAsync(cancellationToken))
        {
            through = await FlowLogSql.KeepThroughAsync(connection, keepNewest, cancellationToken);
        }

        var total = 0;
        for (var deleted = FlowLogSql.PruneBatch; deleted == FlowLogSql.PruneBatch;)
        {
            await writer.WaitAsync(cancellationToken);
            try
            {
                await using var connection = await OpenConnectionAsync(cancellationToken);
                deleted = await FlowLogSql.DeleteBatchAsync(connection, receivedBefore, through, cancellationToken);
                total += deleted;
                await BoundWalAsync(connection);
            }
            finally
            {
                writer.Release();
            }
        }

        return total;
    }
}
