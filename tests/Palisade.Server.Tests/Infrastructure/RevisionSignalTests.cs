using Palisade.Server.Infrastructure;

namespace Palisade.Server.Tests.Infrastructure;

/// <summary>
/// <see cref="RevisionSignal"/>: the revision held in memory, advanced by the store's change events,
/// read again only when commits may have been missed, and waited on without touching the store.
/// </summary>
public sealed class RevisionSignalTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private ObservedStore store = null!;
    private RevisionSignal revisions = null!;

    public async Task InitializeAsync()
    {
        store = await ObservedStore.OpenAsync();
        revisions = new RevisionSignal(store, await store.RevisionAsync(CancellationToken.None));
    }

    public async Task DisposeAsync() => await store.DisposeAsync();

    [Fact]
    public async Task A_commit_advances_the_revision_in_memory_without_a_query()
    {
        var queriesBefore = store.RevisionQueries;

        var committed = await store.CommitAsync();

        Assert.Equal((committed, queriesBefore), (revisions.Current, store.RevisionQueries));
    }

    [Fact]
    public async Task A_parked_wait_touches_no_store_and_wakes_on_a_commit()
    {
        var known = revisions.Current;
        var queriesBefore = store.RevisionQueries;
        var waiting = revisions.WaitAsync(known, Bound, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted, "nothing was committed yet");

        await store.CommitAsync();
        await waiting.WaitAsync(Bound);

        Assert.Equal(queriesBefore, store.RevisionQueries);
    }

    [Fact]
    public void A_late_notification_of_an_older_revision_does_not_take_the_revision_back()
    {
        revisions.Advance(revisions.Current + 5);
        var newest = revisions.Current;

        revisions.Advance(newest - 2);

        Assert.Equal(newest, revisions.Current);
    }

    [Fact]
    public async Task Missed_commits_are_found_when_the_store_reports_it_may_have_missed_some()
    {
        store.Muted = true;
        var committed = await store.CommitAsync();
        var waiting = revisions.WaitAsync(revisions.Current, Bound, CancellationToken.None);

        store.ReportMissedCommits();
        await waiting.WaitAsync(Bound);

        Assert.Equal(committed, revisions.Current);
    }

    [Fact]
    public async Task A_refresh_finds_missed_commits()
    {
        store.Muted = true;
        var committed = await store.CommitAsync();

        await revisions.RefreshAsync().WaitAsync(Bound);

        Assert.Equal(committed, revisions.Current);
    }

    [Fact]
    public async Task Concurrent_refreshes_share_their_reads()
    {
        var queriesBefore = store.RevisionQueries;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => revisions.RefreshAsync())).WaitAsync(Bound);

        // One read for the first call, and at most one more for all the calls made while it ran.
        Assert.InRange(store.RevisionQueries - queriesBefore, 1, 2);
    }

    [Fact]
    public async Task A_refresh_no_commit_overtook_follows_the_store_back_after_a_restore()
    {
        revisions.Advance(revisions.Current + 100);

        await revisions.RefreshAsync().WaitAsync(Bound);

        Assert.Equal(await store.RevisionAsync(CancellationToken.None), revisions.Current);
    }
}
