using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;
using Palisade.Cli.Rendering;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade logs</c>: flow-log records (docs/flow-logs.md), filtered as <c>GET /api/v1/flow-logs</c>
/// filters. With <c>--follow</c> it polls every <c>--interval</c> for the records after the last one
/// it printed (the server's sequence follows commit order, so nothing is skipped) until Ctrl-C,
/// which ends it with exit 0.
/// </summary>
internal static class LogsCommand
{
    private const int PageSize = 1000;
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMinutes(5);

    public static Command Create(CliHost host)
    {
        var port = new Option<string?>("--port") { Description = "Only the records of this port id" };
        var group = new Option<string?>("--group") { Description = "Only the records of rules of this group (name or id)" };
        var rule = new Option<string?>("--rule") { Description = "Only the records of this rule id" };
        var verdict = new Option<string?>("--verdict") { Description = "allow (logged rules) or drop (logged implicit denies)" };
        verdict.AcceptOnlyFromAmong("allow", "drop");
        var since = new Option<string?>("--since") { Description = "From this time: RFC 3339 (2026-12-05T09:00:00Z) or an age such as 30s, 15m, 2h, 1d" };
        var until = new Option<string?>("--until") { Description = "Up to this time, as --since" };
        var limit = new Option<int>("--limit") { Description = "How many records at most, oldest first (1-1000)", DefaultValueFactory = _ => 100 };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new records as they arrive, until Ctrl-C" };
        var interval = new Option<string>("--interval") { Description = "How often --follow asks for new records (e.g. 2s; 100ms to 5m)", DefaultValueFactory = _ => "2s" };
        var command = new Command("logs", "Flow logs: packets that hit logged rules or logged implicit denies") { port, group, rule, verdict, since, until, limit, follow, interval };
        host.SetAction(command, async (session, cancellationToken) =>
        {
            var now = DateTimeOffset.UtcNow;
            var query = new List<string>();
            Add(query, "port_id", session.GetValue(port));
            Add(query, "rule_id", session.GetValue(rule));
            Add(query, "verdict", session.GetValue(verdict));
            Add(query, "since", Time(session.GetValue(since), "--since", now));
            Add(query, "until", Time(session.GetValue(until), "--until", now));
            if (session.GetValue(group) is { } reference)
            {
                Add(query, "security_group_id", await session.ResolveGroupIdAsync(reference, cancellationToken));
            }

            var wait = Duration(session.GetValue(interval)!, "--interval");
            if (wait < TimeSpan.FromMilliseconds(100) || wait > MaxInterval)
            {
                throw CliException.Usage("--interval must be 100ms to 5m.");
            }

            var api = await session.ConnectAsync(cancellationToken);
            if (!session.GetValue(follow))
            {
                var json = await api.GetAsync(Path(query, session.GetValue(limit), null), cancellationToken);
                if (session.Json)
                {
                    session.WriteJson(json);
                    return;
                }

                var page = PalisadeClient.As<FlowLogsPage>(json, "flow logs");
                var table = Tables.Create("SEQ", "LAST SEEN", "VERDICT", "DIRECTION", "PORT", "RULE", "PROTOCOL", "SOURCE", "DESTINATION", "PACKETS", "BYTES");
                foreach (var record in page.FlowLogs)
                {
                    table.Row(Cells(record));
                }

                session.Console.Write(table);
                if (page.FlowLogs.Count == session.GetValue(limit))
                {
                    session.Status($"(more records follow; pass --since {page.FlowLogs[^1].LastSeen:O} or raise --limit)");
                }

                return;
            }

            await FollowAsync(session, api, query, wait, cancellationToken);
        });
        return command;
    }

    /// <summary>Prints every record after the cursor, one line each, then waits; each request is bounded by the client's timeout and the wait by --interval.</summary>
    private static async Task FollowAsync(CommandSession session, PalisadeClient api, List<string> query, TimeSpan wait, CancellationToken cancellationToken)
    {
        string? cursor = null;
        if (!session.Json)
        {
            await session.Out.WriteLineAsync(Line(["SEQ", "LAST SEEN", "VERDICT", "DIRECTION", "PORT", "RULE", "PROTOCOL", "SOURCE", "DESTINATION", "PACKETS", "BYTES"]));
        }

        try
        {
            while (true)
            {
                var json = await api.GetAsync(Path(query, PageSize, cursor), cancellationToken);
                var page = PalisadeClient.As<FlowLogsPage>(json, "flow logs");
                foreach (var (record, node) in page.FlowLogs.Zip(json!["flow_logs"]!.AsArray()))
                {
                    await session.Out.WriteLineAsync(session.Json ? node!.ToJsonString() : Line(Cells(record)));
                }

                await session.Out.FlushAsync(cancellationToken);
                cursor = page.NextCursor ?? cursor;
                if (page.FlowLogs.Count < PageSize)
                {
                    await Task.Delay(wait, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C is how --follow ends.
        }
    }

    private static string Path(List<string> query, int limit, string? cursor) =>
        "/api/v1/flow-logs?" + string.Join('&', query.Append(string.Create(CultureInfo.InvariantCulture, $"limit={limit}")).Concat(cursor is null ? [] : [$"cursor={cursor}"]));

    private static string?[] Cells(FlowLog r) =>
    [
        r.Sequence.ToString(CultureInfo.InvariantCulture),
        r.LastSeen.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        r.Verdict,
        r.Direction,
        r.PortId,
        r.RuleId ?? "(implicit deny)",
        r.IcmpType is { } type ? string.Create(CultureInfo.InvariantCulture, $"{r.Protocol} {type}/{r.IcmpCode}") : r.Protocol,
        Endpoint(r.Source, r.SourcePort),
        Endpoint(r.Destination, r.DestinationPort),
        r.Packets.ToString(CultureInfo.InvariantCulture),
        r.Bytes.ToString(CultureInfo.InvariantCulture),
    ];

    private static string Line(string?[] cells) => string.Join("  ", cells);

    private static string Endpoint(string address, int? port) =>
        port is not { } p ? address : address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{p}" : $"{address}:{p}";

    private static void Add(List<string> query, string name, string? value)
    {
        if (value is not null)
        {
            query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }

    /// <summary>An RFC 3339 time as given, or an age (15m) as the time that long before now.</summary>
    private static string? Time(string? text, string option, DateTimeOffset now)
    {
        if (text is null)
        {
            return null;
        }

        if (char.IsDigit(text[^1]) || text.Contains('T', StringComparison.Ordinal))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)
                : throw CliException.Usage($"{option} '{text}' is neither a time such as 2026-12-05T09:00:00Z nor an age such as 15m.");
        }

        return (now - Duration(text, option)).ToString("O", CultureInfo.InvariantCulture);
    }

    private static TimeSpan Duration(string text, string option)
    {
        var units = new (string Suffix, TimeSpan Unit)[] { ("ms", TimeSpan.FromMilliseconds(1)), ("s", TimeSpan.FromSeconds(1)), ("m", TimeSpan.FromMinutes(1)), ("h", TimeSpan.FromHours(1)), ("d", TimeSpan.FromDays(1)) };
        foreach (var (suffix, unit) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) && int.TryParse(text[..^suffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 100_000)
            {
                return unit * count;
            }
        }

        throw CliException.Usage($"{option} '{text}' is not a duration such as 500ms, 30s, 15m, 2h or 1d.");
    }
}
