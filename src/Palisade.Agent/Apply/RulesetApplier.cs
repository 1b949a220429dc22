using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Palisade.Agent.Conntrack;
using Palisade.Agent.Watch;
using Palisade.Core.Feed;
using Palisade.Core.Policy;
using Palisade.Nftables;

namespace Palisade.Agent.Apply;

/// <summary>
/// Brings the kernel to the policy the server last sent, and keeps it there. Every change is one
/// <c>nft -f</c> transaction, so a failure leaves the previous ruleset in force (nft applies all or
/// nothing): the error is reported and the apply retried at the next reconcile. One caller at a
/// time: the watch loop and the reconcile timer share the lock.
/// </summary>
internal sealed partial class RulesetApplier(
    NftClient nft,
    PolicyReader reader,
    ConnectionCutter cutter,
    CounterTotals counters,
    AgentStatistics statistics,
    Microsoft.Extensions.Options.IOptions<AgentOptions> options,
    ILogger<RulesetApplier> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private DesiredPolicy? desired;
    private AppliedRuleset? applied;
    private long driftRepairs;
    private string? error;

    /// <summary>The policies the kernel enforces now (none before the first apply): the flow logs attribute packets by them.</summary>
    public IReadOnlyList<Palisade.Core.Policy.EffectivePolicy> AppliedPolicies => Volatile.Read(ref applied)?.Policies ?? [];

    /// <summary>
    /// At start, before the first policy: when the kernel has no table of ours, install the empty
    /// one, whose only rules drop the traffic of interfaces named like ports. A port is then never
    /// open while the agent waits for the server; a table left by an earlier run stays in force.
    /// </summary>
    public async Task EnsureFailClosedAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (applied is null && await nft.ListTableAsync(cancellationToken) is null)
            {
                var result = await nft.ApplyAsync(RulesetRenderer.Render([]), cancellationToken);
                error = result.ExitCode == 0 ? null : $"installing the fail-closed table: {result.Error}";
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Reads a feed answer and applies it, as set elements when only elements changed, else as a full
    /// table. Returns null when the feed was read (an nft refusal is recorded and retried by the
    /// reconcile), or why the feed was refused: then nothing changed, the last good policy stays the
    /// one to enforce, and it is for the caller to ask the server again.
    /// </summary>
    public async Task<string?> ApplyAsync(HostPolicy? policy, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            var result = reader.Read(policy);
            if (result.Reading is null)
            {
                return result.Problem;
            }

            desired = new DesiredPolicy(policy!.Revision, result.Reading);
            await ApplyDesiredAsync(clock.Elapsed, cancellationToken);
            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Retries a policy that failed to apply, and puts the applied ruleset back when the kernel's
    /// table no longer matches it (flushed, deleted or edited by hand): a drift repair.
    /// </summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (desired is not null && (applied is null || applied.Revision != desired.Revision || error is not null))
            {
                await ApplyDesiredAsync(TimeSpan.Zero, cancellationToken);
                return;
            }

            if (applied is null)
            {
                return;
            }

            var listing = await nft.ListTableAsync(cancellationToken);
            if (string.Equals(listing, applied.Listing, StringComparison.Ordinal))
            {
                return;
            }

            Log.DriftFound(logger, listing is null ? "the table is missing" : "the table differs from what was applied");
            if (await ApplyFullAsync(applied.Ruleset, cancellationToken) == Change.FullTable)
            {
                applied = applied with { Listing = await nft.ListTableAsync(cancellationToken) ?? string.Empty };
                driftRepairs++;
                statistics.DriftRepaired();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The report for the server: applied revision, enforced ports, counters since start, drift repairs, last error.</summary>
    public async Task<HostStatus> StatusAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var live = applied is null ? null : await ReadCountersAsync(cancellationToken);
            return new HostStatus(
                applied?.Revision ?? 0,
                [.. applied?.Policies.Select(p => p.Port.Id) ?? []],
                counters.Report(live),
                driftRepairs,
                Describe(statistics.FeedError, error));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <param name="readTime">How long reading the feed took, for the log (zero for a retry).</param>
    private async Task ApplyDesiredAsync(TimeSpan readTime, CancellationToken cancellationToken)
    {
        var target = desired!;
        if (applied is not null && applied.Revision == target.Revision && error is null)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var reading = target.Reading;
        var policies = reading.Policies;
        var changed = applied is null
            ? policies
            : [.. policies.Where(p => !applied.Reading.Fingerprints.TryGetValue(p.Port.Id, out var before) || before != reading.Fingerprints[p.Port.Id])];

        try
        {
            var unchanged = applied is not null && changed.Count == 0 && applied.Policies.Count == policies.Count;
            HostRuleset ruleset;
            Change kernel;
            if (unchanged)
            {
                (ruleset, kernel) = (applied!.Ruleset, Change.None); // the same ports with the same documents: nothing to do in the kernel
            }
            else if (MembersOnly(reading) is { } groups)
            {
                // Only remote-group members moved: the element change comes from the member lists, without building the ruleset.
                (ruleset, var delta) = applied!.Ruleset.WithGroupMembers(groups);
                kernel = await ApplyElementsAsync(delta, cancellationToken);
                kernel = kernel == Change.Failed ? await ApplyFullAsync(ruleset, cancellationToken) : kernel;
            }
            else
            {
                ruleset = HostRuleset.Build(policies);
                kernel = await ApplyElementsAsync(applied?.Ruleset.DeltaTo(ruleset), cancellationToken);
                kernel = kernel == Change.Failed ? await ApplyFullAsync(ruleset, cancellationToken) : kernel;
            }

            if (kernel == Change.Failed)
            {
                return; // nft refused: the error is recorded and the previous ruleset stays in force
            }

            var enforced = clock.Elapsed;
            error = null;
            statistics.Applied(target.Revision);
            // Listing the table for the drift check comes after the revision counts as applied: the kernel already enforces it.
            var listing = kernel == Change.None ? applied!.Listing : await nft.ListTableAsync(cancellationToken) ?? string.Empty;
            applied = new AppliedRuleset(target.Revision, reading, ruleset, listing);
            Log.Applied(logger, target.Revision, policies.Count, kernel, (readTime + enforced).TotalMilliseconds, readTime.TotalMilliseconds, (clock.Elapsed - enforced).TotalMilliseconds);
        }
        catch (ArgumentException e)
        {
            Fail(target.Revision, $"the policy of revision {target.Revision} cannot be rendered: {e.Message}");
            return;
        }

        if (options.Value.CutConnections && changed.Count > 0)
        {
            await cutter.CutAsync(changed, cancellationToken);
        }
    }

    /// <summary>
    /// The remote groups whose members changed, when nothing else did: the same ports with the same
    /// documents but for members, naming the same groups. Null when anything else changed.
    /// </summary>
    private Dictionary<string, ImmutableArray<IPNetwork>>? MembersOnly(PolicyReader.FeedReading reading)
    {
        var before = applied?.Reading;
        if (before is null || before.Structures.Count != reading.Structures.Count || before.Members.Count != reading.Members.Count
            || reading.Structures.Any(p => !before.Structures.TryGetValue(p.Key, out var structure) || structure != p.Value)
            || reading.Members.Keys.Any(g => !before.Members.ContainsKey(g)))
        {
            return null;
        }

        return reading.Members
            .Where(g => before.Members[g.Key].Version != g.Value.Version)
            .ToDictionary(g => g.Key, g => g.Value.Networks, StringComparer.Ordinal);
    }

    /// <summary>Applies an element-only change; <see cref="Change.Failed"/> when there is none (the structure changed) or nft refused: the full table will do.</summary>
    private async Task<Change> ApplyElementsAsync(RulesetDelta? delta, CancellationToken cancellationToken)
    {
        if (delta is null)
        {
            return Change.Failed;
        }

        if (delta.IsEmpty)
        {
            return Change.None; // the documents differ in what the ruleset does not show (e.g. a group list order)
        }

        var result = await nft.ApplyAsync(delta.ToTransaction(), cancellationToken);
        if (!result.Succeeded)
        {
            Log.ElementsFailed(logger, result.Describe("nft -f (elements)"));
            return Change.Failed;
        }

        statistics.ElementsApplied();
        Log.ElementsApplied(logger, delta.Sets.Length, delta.Sets.Sum(s => s.Added.Length), delta.Sets.Sum(s => s.Removed.Length));
        return Change.Elements;
    }

    /// <summary>Replaces the whole table; <see cref="Change.Failed"/> (with the error recorded) when nft refused.</summary>
    private async Task<Change> ApplyFullAsync(HostRuleset next, CancellationToken cancellationToken)
    {
        var ruleset = next.ToTransaction();
        var replaced = await ReadCountersAsync(cancellationToken);
        var result = await nft.ApplyAsync(ruleset, cancellationToken);
        if (!result.Succeeded)
        {
            Fail(desired?.Revision ?? 0, result.Describe("nft -f"));
            return Change.Failed;
        }

        counters.Carry(replaced);
        statistics.FullApplied();
        return Change.FullTable;
    }

    private async Task<CounterReport?> ReadCountersAsync(CancellationToken cancellationToken)
    {
        var json = await nft.ListCountersAsync(cancellationToken);
        try
        {
            return json is null ? null : CounterParser.Parse(json);
        }
        catch (JsonException e)
        {
            Log.CountersUnreadable(logger, e.Message);
            return null;
        }
    }

    /// <summary>The status's error: a feed the agent refused, a ruleset nft refused, or both; the server takes 4,096 characters.</summary>
    private static string? Describe(string? feedError, string? applyError)
    {
        var text = feedError is null ? applyError : applyError is null ? feedError : $"{feedError}; {applyError}";
        return text is { Length: > 4000 } ? text[..4000] : text;
    }

    private void Fail(long revision, string message)
    {
        error = message;
        statistics.Failed(message);
        Log.ApplyFailed(logger, revision, message);
    }

    /// <summary>The revision the server sent last and the agent could read, i.e. what the kernel should enforce.</summary>
    private sealed record DesiredPolicy(long Revision, PolicyReader.FeedReading Reading);

    internal enum Change
    {
        Failed,
        None,
        Elements,
        FullTable,
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Applied revision {Revision}: {Ports} ports enforced ({Change}) in {Milliseconds:F1} ms, of which reading the policy {ConvertMilliseconds:F1} ms; drift baseline {ListMilliseconds:F1} ms")]
        public static partial void Applied(ILogger logger, long revision, int ports, Change change, double milliseconds, double convertMilliseconds, double listMilliseconds);

        [LoggerMessage(2, LogLevel.Information, "Applied set elements only: {Sets} sets, {Added} elements added, {Removed} removed")]
        public static partial void ElementsApplied(ILogger logger, int sets, int added, int removed);

        [LoggerMessage(3, LogLevel.Warning, "Element update refused, applying the full table instead: {Error}")]
        public static partial void ElementsFailed(ILogger logger, string error);

        [LoggerMessage(4, LogLevel.Error, "Could not apply revision {Revision}; the previous ruleset stays in force: {Error}")]
        public static partial void ApplyFailed(ILogger logger, long revision, string error);

        [LoggerMessage(5, LogLevel.Warning, "Drift: {What}; re-applying the full ruleset")]
        public static partial void DriftFound(ILogger logger, string what);

        [LoggerMessage(6, LogLevel.Warning, "Counters could not be read: {Error}")]
        public static partial void CountersUnreadable(ILogger logger, string error);
    }
}
