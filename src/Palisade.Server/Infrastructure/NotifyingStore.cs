using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>The store, with every committed write announced to long-poll watchers.</summary>
internal sealed class NotifyingStore(IPalisadeStore inner, RevisionSignal signal) : IPalisadeStore
{
    public Task<long> RevisionAsync(CancellationToken cancellationToken) => inner.RevisionAsync(cancellationToken);

    public Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken) => inner.ReadAsync(work, cancellationToken);

    public async Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var result = await inner.WriteAsync(work, cancellationToken);
        signal.Notify();
        return result;
    }
}
