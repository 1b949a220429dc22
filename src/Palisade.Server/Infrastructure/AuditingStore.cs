using Palisade.Server.Auth;
using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// The store as the API uses it: every resource a write creates, changes or deletes is recorded as
/// an audit event in the same transaction, so no change escapes the log and a refused request
/// leaves no event either.
/// </summary>
internal sealed class AuditingStore(IPalisadeStore inner, IHttpContextAccessor http, TimeProvider clock) : IPalisadeStore
{
    public event EventHandler<StoreChange>? Changed
    {
        add => inner.Changed += value;
        remove => inner.Changed -= value;
    }

    public Task<long> RevisionAsync(CancellationToken cancellationToken) => inner.RevisionAsync(cancellationToken);

    public Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken) => inner.ReadAsync(work, cancellationToken);

    public Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var context = http.HttpContext;
        var actor = context?.Items[BearerAuthentication.ActorKey] as string ?? "system";
        return inner.WriteAsync(session => work(new AuditingSession(session, actor, context?.TraceIdentifier, clock)), cancellationToken);
    }

    public Task ReportAsync(string kind, string id, string body, CancellationToken cancellationToken) => inner.ReportAsync(kind, id, body, cancellationToken);

    public Task<int> PruneAuditEventsAsync(DateTimeOffset createdBefore, int keepNewest, CancellationToken cancellationToken) =>
        inner.PruneAuditEventsAsync(createdBefore, keepNewest, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
