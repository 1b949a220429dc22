using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Palisade.Core.Analysis;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Core.Validation;
using Palisade.Server.Auth;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Insight.Reachability;

/// <summary><c>GET /api/v1/reachability?port_id=…&amp;direction=ingress|egress</c>: who can reach a port, or what it may reach, exactly (Core's ReachabilityAnalyzer).</summary>
public static class ReachabilityApi
{
    public static IEndpointRouteBuilder MapReachabilityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/reachability", ReachabilityAsync)
            .WithTags("Insight")
            .WithName("Reachability")
            .WithSummary("Who can reach a port (ingress) or what it may reach (egress): protocols, ports, peers, groups and rules")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Ok<ReachabilityResponse>> ReachabilityAsync(
        [FromQuery(Name = "port_id")] string? portId,
        [FromQuery(Name = "direction")] string? direction,
        Caller caller,
        IPalisadeStore store,
        SnapshotCache snapshots,
        CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(portId))
        {
            errors.Add(new("port_id", "is required: the port to analyse."));
        }

        Direction? parsed = direction switch { "ingress" => Direction.Ingress, "egress" => Direction.Egress, _ => null };
        if (parsed is null)
        {
            errors.Add(new("direction", direction is null ? "is required: 'ingress' or 'egress'." : $"'{direction}' is not 'ingress' or 'egress'."));
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }

        var index = await snapshots.GetCurrentIndexAsync(store, cancellationToken);
        var snapshot = index.Snapshot;
        if (snapshot.Ports.FirstOrDefault(p => p.Id == portId) is not { } port || !caller.CanRead(port.ProjectId))
        {
            throw ApiException.NotFound("port", portId!);
        }

        var reach = ReachabilityAnalyzer.Analyze(index.Build(port), parsed!.Value);
        return TypedResults.Ok(new ReachabilityResponse(
            port.Id,
            direction!,
            snapshot.Revision,
            reach.PortSecurityEnabled,
            reach.Stateful,
            [.. reach.IntraSubnetCidrs.Select(c => c.ToString())],
            [.. reach.Classes.Select(c => FlowClassDocument.Of(c, index))]));
    }
}
