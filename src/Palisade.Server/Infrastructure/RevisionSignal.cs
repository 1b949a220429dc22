namespace Palisade.Server.Infrastructure;

/// <summary>
/// Wakes long-poll watchers when a write commits. Each waiter gets the task of the current
/// generation; a commit completes it and starts the next one.
/// </summary>
internal sealed class RevisionSignal
{
    private TaskCompletionSource changed = NewGeneration();
    private int watchers;

    public int Watchers => Volatile.Read(ref watchers);

    public void Notify() => Interlocked.Exchange(ref changed, NewGeneration()).TrySetResult();

    /// <summary>Waits until <paramref name="isNewer"/> holds, a commit is signalled and re-checked, or the time is up.</summary>
    public async Task WaitAsync(Func<Task<bool>> isNewer, TimeSpan limit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref watchers);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(limit);
            while (true)
            {
                // Take the generation before checking, so a commit between check and wait still wakes us.
                var next = Volatile.Read(ref changed).Task;
                if (await isNewer())
                {
                    return;
                }

                try
                {
                    await next.WaitAsync(deadline.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref watchers);
        }
    }

    private static TaskCompletionSource NewGeneration() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
