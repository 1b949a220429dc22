using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

public static partial class AuditEventsApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapAuditEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit-events", ListAsync)
            .WithTags("Audit")
            .WithName("ListAuditEvents")
            .WithSummary("Audit events, newest first, filtered and paged with limit and cursor");
        return app;
    }

    internal static async Task<Ok<AuditEventsPage>> ListAsync(
        [FromQuery(Name = "project_id")] string? projectId,
        [FromQuery(Name = "resource_id")] string? resourceId,
        [FromQuery(Name = "resource_kind")] string? resourceKind,
        string? action,
        string? actor,
        int? limit,
        string? cursor,
        string? sort,
        Caller caller,
        IPalisadeStore store,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw ApiException.Invalid("limit", $"must be 1-{MaxLimit}.");
        }

        if (sort is not (null or "at" or "-at"))
        {
            throw ApiException.Invalid("sort", $"'{sort}' is not a sort key here; use -at (newest first, the default) or at.");
        }

        if (cursor is not null && !EventId().IsMatch(cursor))
        {
            throw ApiException.Invalid("cursor", "is not a cursor from this list's next_cursor.");
        }

        // A tenant sees the events of its projects only; asking for another project's events finds none.
        var visible = caller.IsPlatformAdmin ? null : projectId is null ? caller.Roles.Keys : caller.CanRead(projectId) ? [projectId] : (IReadOnlyCollection<string>)[];
        var filter = new AuditEventFilter(projectId, resourceId, resourceKind, action, actor, visible, OldestFirst: sort == "at");
        var size = limit ?? DefaultLimit;
        var page = await store.ReadAsync(s => s.AuditEventsAsync(filter, cursor, size + 1, cancellationToken), cancellationToken);
        var events = page.Take(size).Select(Document).ToList();
        return TypedResults.Ok(new AuditEventsPage(events, page.Count > size ? events[^1].Id : null));
    }

    private static AuditEventDocument Document(AuditEventRow row) => new(
        row.Id,
        row.At,
        row.Actor,
        row.Action,
        row.ResourceKind,
        row.ResourceId,
        row.ProjectId,
        row.Before is null ? null : JsonNode.Parse(row.Before),
        row.After is null ? null : JsonNode.Parse(row.After),
        row.RequestId,
        row.Revision);

    [GeneratedRegex("^[0-9]{16}-[0-9]{4}$")]
    private static partial Regex EventId();
}
