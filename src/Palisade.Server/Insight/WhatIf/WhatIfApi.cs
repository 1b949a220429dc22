using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Analysis;
using Palisade.Core.Classification;
using Palisade.Core.Policy;
using Palisade.Server.Auth;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Insight.WhatIf;

/// <summary>
/// <c>POST /api/v1/what-if</c>: the exact flows whose verdict a proposed change would alter, per
/// port the caller can read (Core's ChangeImpactAnalyzer). The change is applied to an in-memory
/// snapshot only; nothing is written, so the revision stays where it was.
/// </summary>
public static class WhatIfApi
{
    public static IEndpointRouteBuilder MapWhatIfApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/what-if", WhatIfAsync)
            .WithTags("Insight")
            .WithName("WhatIf")
            .WithSummary("Which flows a proposed change (rules added or removed, groups bound, unbound or replaced) would allow or drop; writes nothing")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Ok<WhatIfResponse>> WhatIfAsync(WhatIfRequest request, Caller caller, IPalisadeStore store, SnapshotCache snapshots, CancellationToken cancellationToken)
    {
        var before = await snapshots.GetAsync(store, cancellationToken);
        var change = new ProposedChangeReader(before, caller).Read(request);
        var after = change.ApplyTo(before);
        var impacts = ChangeImpactAnalyzer.Compute(before, after, port => caller.CanRead(port.ProjectId));
        var index = new PolicyIndex(after);
        return TypedResults.Ok(new WhatIfResponse(
            before.Revision,
            [.. impacts.Select(impact => new PortImpactDocument(
                impact.PortId,
                impact.ProjectId,
                impact.StatefulBefore,
                impact.StatefulAfter,
                [.. impact.Changes.Select(c => new FlowChangeDocument(Text(c.Before), Text(c.After), FlowClassDocument.Of(c.Flows, index)))]))]));
    }

    private static string Text(Verdict verdict) => verdict == Verdict.Allow ? "allow" : "drop";
}
