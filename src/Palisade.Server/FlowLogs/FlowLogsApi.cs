using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Palisade.Core.Feed;
using Palisade.Core.Validation;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;
using Palisade.Store.FlowLogs;
using CoreProtocol = Palisade.Core.Model.Protocol;

namespace Palisade.Server.FlowLogs;

/// <summary>
/// Flow logs (docs/flow-logs.md). Agents post what their NFLOG group received, aggregated and
/// attributed, to <c>POST /api/v1/hosts/{host}/flow-logs</c> with the same platform-admin token as
/// their status report; <c>GET /api/v1/flow-logs</c> reads them, filtered and paged by sequence, each
/// caller seeing only the records of ports in projects it can read. Flow records are not policy:
/// storing them does not raise the revision.
/// </summary>
public static partial class FlowLogsApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapFlowLogsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/hosts/{host}/flow-logs", IngestAsync)
            .WithTags("Agents")
            .WithName("ReportFlowLogs")
            .WithSummary("An agent's flow-log records: logged rules and logged drops, aggregated per flow and window")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapGet("/api/v1/flow-logs", ListAsync)
            .WithTags("Flow logs")
            .WithName("ListFlowLogs")
            .WithSummary("Flow-log records, oldest first, filtered by port_id, security_group_id, rule_id, verdict, since and until; paged with limit and cursor")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    internal static async Task<Ok<FlowLogIngestResult>> IngestAsync(
        string host,
        FlowLogBatch batch,
        Caller caller,
        IPalisadeStore store,
        IFlowLogStore flowLogs,
        FlowLogOptions options,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        var errors = new List<ValidationError>();
        if (host.Length > 255)
        {
            errors.Add(new("host", "must be at most 255 characters."));
        }

        if (batch.Records is null || batch.Records.Any(r => r is null))
        {
            errors.Add(new("records", "is required: a list of flow records, without nulls."));
        }
        else if (batch.Records.Count > options.MaxBatch)
        {
            errors.Add(new("records", $"at most {options.MaxBatch} records in one request (got {batch.Records.Count})."));
        }
        else
        {
            for (var i = 0; i < batch.Records.Count; i++)
            {
                errors.AddRange(Check(batch.Records[i], $"records[{i}]"));
            }
        }

        if (batch.Suppressed < 0 || batch.Dropped < 0)
        {
            errors.Add(new("suppressed", "suppressed and dropped must be 0 or more."));
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }

        // Each port's project, for scoping reads; a record of a port that is gone or not on this host is ignored.
        var projects = await store.ReadAsync(async session =>
        {
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var portId in batch.Records!.Select(r => r.PortId).Distinct(StringComparer.Ordinal))
            {
                if (await session.GetAsync<PortDocument>(Kinds.Port, portId, cancellationToken) is { } port && port.Host == host)
                {
                    found[portId] = port.ProjectId;
                }
            }

            return found;
        }, cancellationToken);

        var received = clock.GetUtcNow();
        var records = batch.Records!
            .Where(r => projects.ContainsKey(r.PortId))
            .Select(r => new FlowLogRecord(0, projects[r.PortId], host, r.PortId, r.GroupId, r.RuleId, r.Direction, r.Verdict, r.Protocol,
                IPAddress.Parse(r.Source).ToString(), IPAddress.Parse(r.Destination).ToString(), r.SourcePort, r.DestinationPort, r.IcmpType, r.IcmpCode,
                r.Packets, r.Bytes, r.FirstSeen, r.LastSeen, received))
            .ToList();
        if (records.Count > 0)
        {
            await flowLogs.AppendFlowLogsAsync(records, cancellationToken);
        }

        if (batch.Suppressed > 0 || batch.Dropped > 0)
        {
            Log.AgentShed(loggers.CreateLogger("Palisade.Server.FlowLogs"), host, batch.Suppressed, batch.Dropped);
        }

        return TypedResults.Ok(new FlowLogIngestResult(records.Count, batch.Records!.Count - records.Count));
    }

    internal static async Task<Ok<FlowLogsPage>> ListAsync(
        [FromQuery(Name = "port_id")] string? portId,
        [FromQuery(Name = "security_group_id")] string? groupId,
        [FromQuery(Name = "rule_id")] string? ruleId,
        string? verdict,
        string? since,
        string? until,
        int? limit,
        string? cursor,
        Caller caller,
        IFlowLogStore flowLogs,
        CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add(new("limit", $"must be 1-{MaxLimit}."));
        }

        foreach (var (field, value) in new[] { ("port_id", portId), ("security_group_id", groupId), ("rule_id", ruleId) })
        {
            if (value is not null && !ResourceIds.IsStorable(value))
            {
                errors.Add(new(field, "is not an id."));
            }
        }

        if (verdict is not (null or "allow" or "drop"))
        {
            errors.Add(new("verdict", $"'{verdict}' is not one of allow, drop."));
        }

        var sinceTime = Time(since, "since", errors);
        var untilTime = Time(until, "until", errors);
        if (sinceTime is { } from && untilTime is { } to && to < from)
        {
            errors.Add(new("until", "must not be before since."));
        }

        long after = 0;
        if (cursor is not null && (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            errors.Add(new("cursor", "is not a cursor from this list's next_cursor (a record's sequence)."));
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }

        var projects = caller.IsPlatformAdmin ? null : (IReadOnlyCollection<string>)caller.Roles.Keys;
        var records = await flowLogs.ListFlowLogsAsync(
            new FlowLogQuery(projects, portId, groupId, ruleId, verdict, sinceTime, untilTime, after, limit ?? DefaultLimit), cancellationToken);
        var documents = records.Select(ToDocument).ToList();
        return TypedResults.Ok(new FlowLogsPage(documents, documents.Count == 0 ? null : documents[^1].Sequence.ToString(CultureInfo.InvariantCulture)));
    }

    private static IEnumerable<ValidationError> Check(FlowLogEntry record, string at)
    {
        if (string.IsNullOrEmpty(record.PortId) || !ResourceIds.IsStorable(record.PortId))
        {
            yield return new(at + ".port_id", "is required: the id of a port on this host.");
        }

        foreach (var (field, value) in new[] { ("group_id", record.GroupId), ("rule_id", record.RuleId) })
        {
            if (value is not null && (value.Length == 0 || !ResourceIds.IsStorable(value)))
            {
                yield return new(at + "." + field, "is not an id.");
            }
        }

        if (record.Direction is not ("ingress" or "egress"))
        {
            yield return new(at + ".direction", "must be ingress or egress.");
        }

        if (record.Verdict is not ("allow" or "drop"))
        {
            yield return new(at + ".verdict", "must be allow or drop.");
        }

        if (record.Protocol is < 0 or > 255)
        {
            yield return new(at + ".protocol", "must be an IP protocol number, 0-255.");
        }

        foreach (var (field, value) in new[] { ("source", record.Source), ("destination", record.Destination) })
        {
            if (!IPAddress.TryParse(value ?? "", out _))
            {
                yield return new(at + "." + field, "must be an IP address.");
            }
        }

        foreach (var (field, value, max) in new[] { ("source_port", record.SourcePort, 65535), ("destination_port", record.DestinationPort, 65535), ("icmp_type", record.IcmpType, 255), ("icmp_code", record.IcmpCode, 255) })
        {
            if (value is < 0 || value > max)
            {
                yield return new(at + "." + field, $"must be 0-{max}.");
            }
        }

        if (record.Packets < 1 || record.Bytes < 0)
        {
            yield return new(at + ".packets", "packets must be 1 or more and bytes 0 or more.");
        }

        if (record.LastSeen < record.FirstSeen)
        {
            yield return new(at + ".last_seen", "must not be before first_seen.");
        }
    }

    /// <summary>An RFC 3339 time with an offset (2026-12-05T09:00:00Z); a time without one would be read in the server's zone.</summary>
    private static DateTimeOffset? Time(string? text, string field, List<ValidationError> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            && (text.EndsWith('Z') || text.EndsWith('z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal)) && text.Contains('T', StringComparison.Ordinal))
        {
            return time;
        }

        errors.Add(new(field, $"'{text}' is not an RFC 3339 time with an offset, such as 2026-12-05T09:00:00Z."));
        return null;
    }

    private static FlowLogDocument ToDocument(FlowLogRecord r) => new(
        r.Sequence, r.ProjectId, r.Host, r.PortId, r.GroupId, r.RuleId, r.Direction, r.Verdict, CoreProtocol.Of((byte)r.Protocol).ToString(),
        r.Source, r.Destination, r.SourcePort, r.DestinationPort, r.IcmpType, r.IcmpCode, r.Packets, r.Bytes, r.FirstSeen, r.LastSeen, r.ReceivedAt);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Agent {Host} shed flow logs: {Suppressed} packets over its rate limit, {Dropped} records from its full queue")]
        public static partial void AgentShed(ILogger logger, string host, long suppressed, long dropped);
    }
}
