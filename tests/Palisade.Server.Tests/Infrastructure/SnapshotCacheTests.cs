using Palisade.Server.Infrastructure;

namespace Palisade.Server.Tests.Infrastructure;

/// <summary>
/// <see cref="SnapshotCache"/>: one whole-store read and one index per revision, shared by every
/// caller, whatever the order in which concurrent reads finish.
/// </summary>
public sealed class SnapshotCacheTests : IAsyncLifetime
{
    private ObservedStore store = null!;
    private RevisionSignal revisions = null!;
    private SnapshotCache cache = null!;

    public async Task InitializeAsync()
    {
        store = await ObservedStore.OpenAsync();
        revisions = new RevisionSignal(store, await store.RevisionAsync(CancellationToken.None));
        cache = new SnapshotCache(revisions);
    }

    public async Task DisposeAsync() => await store.DisposeAsync();

    [Fact]
    public async Task Concurrent_misses_for_one_revision_share_one_read()
    {
        store.HoldReads();
        var answers = Enumerable.Range(0, 50).Select(_ => cache.GetIndexAsync(store, CancellationToken.None)).ToList();
        store.ReleaseReads();
        var indexes = await Task.WhenAll(answers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, store.Reads);
        Assert.Single(indexes.Distinct());
    }

    [Fact]
    public async Task A_cached_revision_is_answered_without_reading_the_store_or_its_revision()
    {
        var first = await cache.GetIndexAsync(store, CancellationToken.None);
        var queriesBefore = store.RevisionQueries;

        var second = await cache.GetIndexAsync(store, CancellationToken.None);

        Assert.Same(first, second);
        Assert.Equal((1, queriesBefore), (store.Reads, store.RevisionQueries));
    }

    [Fact]
    public async Task A_commit_makes_the_next_answer_read_the_new_revision_once()
    {
        await cache.GetIndexAsync(store, CancellationToken.None);
        var committed = await store.CommitAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cache.GetIndexAsync(store, CancellationToken.None)));

        Assert.All(answers, index => Assert.Equal(committed, index.Snapshot.Revision));
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task A_read_of_an_older_revision_finishing_last_does_not_replace_the_newer_one()
    {
        store.HoldReads();
        var older = cache.GetIndexAsync(store, CancellationToken.None);
        var committed = await store.CommitAsync();
        var newer = cache.GetIndexAsync(store, CancellationToken.None);
        store.ReleaseReads();
        await Task.WhenAll(older, newer).WaitAsync(TimeSpan.FromSeconds(30));

        var cached = await cache.GetIndexAsync(store, CancellationToken.None);

        Assert.Equal(committed, cached.Snapshot.Revision);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_shared_read()
    {
        store.HoldReads();
        using var givingUp = new CancellationTokenSource();
        var abandoned = cache.GetIndexAsync(store, givingUp.Token);
        var waiting = cache.GetIndexAsync(store, CancellationToken.None);
        await givingUp.CancelAsync();
        store.ReleaseReads();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(revisions.Current, (await waiting.WaitAsync(TimeSpan.FromSeconds(30))).Snapshot.Revision);
    }
}
