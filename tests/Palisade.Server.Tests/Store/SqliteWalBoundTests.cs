using Palisade.Store;
using Palisade.Store.Sqlite;
using Xunit.Abstractions;

namespace Palisade.Server.Tests.Store;

/// <summary>
/// The SQLite WAL under a sustained write load while readers keep snapshots open, as agents' feed
/// reads do while the store is being populated: it must stay near its limit instead of growing with
/// every write (it reached 4.9 GB for a 368 MB database before the writer bounded it).
/// </summary>
public sealed class SqliteWalBoundTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long WalLimitBytes = 2L << 20;
    private const int Documents = 40;
    private const int Writes = 1500;

    private readonly string directory = Directory.CreateTempSubdirectory("palisade-wal-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_wal_stays_under_its_limit_while_readers_hold_snapshots()
    {
        var path = Path.Combine(directory, "palisade.db");
        var body = $"{{\"padding\":\"{new string('x', 16 * 1024)}\"}}";
        long largestWal = 0;
        await using (var store = await SqliteStore.OpenAsync(path, WalLimitBytes, TimeProvider.System, CancellationToken.None))
        {
            using var done = new CancellationTokenSource();
            var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() => ReadUntilDoneAsync(store, done.Token))).ToList();
            for (var write = 0; write < Writes; write++)
            {
                await store.WriteAsync(
                    async session =>
                    {
                        await session.PutAsync("load", $"doc-{write % Documents}", null, body, CancellationToken.None);
                        return 0;
                    },
                    CancellationToken.None);
                largestWal = Math.Max(largestWal, new FileInfo(path + "-wal").Length);
            }

            await done.CancelAsync();
            await Task.WhenAll(readers);
        }

        output.WriteLine($"largest WAL after {Writes} writes of 16 KiB with 2 readers: {largestWal:N0} bytes (limit {WalLimitBytes:N0})");

        // The bound: the limit plus what the write that crossed it added (one 16 KiB document, a few pages).
        Assert.True(largestWal <= WalLimitBytes + (1L << 20), $"the WAL reached {largestWal:N0} bytes; its limit is {WalLimitBytes:N0}");
    }

    /// <summary>Reads the whole kind in one snapshot and keeps it open a moment, over and over, as a feed read does.</summary>
    private static async Task ReadUntilDoneAsync(IPalisadeStore store, CancellationToken done)
    {
        while (!done.IsCancellationRequested)
        {
            await store.ReadAsync(
                async session =>
                {
                    await session.ListAsync("load", null, CancellationToken.None);
                    await Task.Delay(5, CancellationToken.None);
                    return 0;
                },
                CancellationToken.None);
        }
    }
}
