using Palisade.Server.Insight.Lint;
using Palisade.Server.Insight.Reachability;
using Palisade.Server.Insight.WhatIf;

namespace Palisade.Server.Insight;

/// <summary>The insight capabilities (issue 15), each in its own folder: lint, reachability, what-if. They read; none writes.</summary>
public static class InsightApis
{
    public static IEndpointRouteBuilder MapInsightApis(this IEndpointRouteBuilder app) =>
        app.MapLintApi()
            .MapReachabilityApi()
            .MapWhatIfApi();
}
