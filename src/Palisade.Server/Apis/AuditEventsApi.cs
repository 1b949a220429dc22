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

        var oldestFirst = sort == "at";
        var events = await store.ReadAsync(s => s.ListAsync<AuditEventDocument>(Kinds.AuditEvent, projectId, cancellationToken), cancellationToken);
        var filtered = events
            .Where(e => caller.IsPlatformAdmin || (e.ProjectId is not null && caller.CanRead(e.ProjectId)))
            .Where(e => resourceId is null || e.ResourceId == resourceId)
            .Where(e => resourceKind is null || e.ResourceKind == resourceKind)
            .Where(e => action is null || e.Action == action)
            .Where(e => actor is null || e.Actor == actor)
            .Where(e => cursor is null || string.CompareOrdinal(e.Id, cursor) * (oldestFirst ? -1 : 1) < 0);
        var size = limit ?? DefaultLimit;
        var page = (oldestFirst ? filtered.OrderBy(e => e.Id, StringComparer.Ordinal) : filtered.OrderByDescending(e => e.Id, StringComparer.Ordinal))
            .Take(size + 1)
            .ToList();
        return TypedResults.Ok(new AuditEventsPage(page.Take(size).ToList(), page.Count > size ? page[size - 1].Id : null));
    }

    [GeneratedRegex("^[0-9]{16}-[0-9]{4}$")]
    private static partial Regex EventId();
}
