using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// The store behind every request: an id that cannot be stored (<see cref="ResourceIds"/>) names no
/// resource, so reading it finds nothing (each API's own 404) and writing it is a 400, before the
/// database sees it. Ids come from paths, queries and bodies of all five APIs; checking them here, at
/// the one door to the store, covers every one of them.
/// </summary>
internal sealed class IdCheckingStore(IPalisadeStore inner) : IPalisadeStore
{
    public event EventHandler<StoreChange>? Changed
    {
        add => inner.Changed += value;
        remove => inner.Changed -= value;
    }

    public Task<long> RevisionAsync(CancellationToken cancellationToken) => inner.RevisionAsync(cancellationToken);

    public Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken) =>
        inner.ReadAsync(session => work(new IdCheckingSession(session)), cancellationToken);

    public Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken) =>
        inner.WriteAsync(session => work(new IdCheckingSession(session)), cancellationToken);

    public Task ReportAsync(string kind, string id, string body, CancellationToken cancellationToken) =>
        ResourceIds.IsStorable(id) ? inner.ReportAsync(kind, id, body, cancellationToken) : throw ResourceIds.Refusal();

    public Task<int> PruneAuditEventsAsync(DateTimeOffset createdBefore, int keepNewest, CancellationToken cancellationToken) =>
        inner.PruneAuditEventsAsync(createdBefore, keepNewest, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
