namespace Palisade.Store.FlowLogs;

/// <summary>
/// The flow logs, in their own table: they are observations, not policy, so like
/// <see cref="IPalisadeStore.ReportAsync"/> a write never raises the global revision, never wakes
/// the agents' long polls and is not an audit event.
/// </summary>
public interface IFlowLogStore
{
    /// <summary>Stores <paramref name="records"/> (their <see cref="FlowLogRecord.Sequence"/> is ignored) and returns the last sequence given.</summary>
    Task<long> AppendFlowLogsAsync(IReadOnlyList<FlowLogRecord> records, CancellationToken cancellationToken);

    Task<IReadOnlyList<FlowLogRecord>> ListFlowLogsAsync(FlowLogQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Retention: deletes the records received before <paramref name="receivedBefore"/> and those
    /// beyond the newest <paramref name="keepNewest"/>, in short batches; returns how many it deleted.
    /// </summary>
    Task<int> PruneFlowLogsAsync(DateTimeOffset receivedBefore, long keepNewest, CancellationToken cancellationToken);
}
