namespace Palisade.Cli.Models;

/// <summary>POST /api/v1/what-if: per port, the classes of new flows whose verdict the change would alter.</summary>
internal sealed record WhatIfReport(long Revision, IReadOnlyList<PortImpactView> Ports);

internal sealed record PortImpactView(string PortId, string ProjectId, bool StatefulBefore, bool StatefulAfter, IReadOnlyList<FlowChangeView> Changes);

internal sealed record FlowChangeView(string VerdictBefore, string VerdictAfter, FlowClassView Flows);
