namespace Palisade.Server.Insight.WhatIf;

/// <summary>The ports whose verdicts the change would alter, at the revision it was tried on; nothing was written.</summary>
public sealed record WhatIfResponse(long Revision, IReadOnlyList<PortImpactDocument> Ports);

/// <summary>One port: every class of new flows whose verdict changes, and whether connection tracking would switch.</summary>
public sealed record PortImpactDocument(string PortId, string ProjectId, bool StatefulBefore, bool StatefulAfter, IReadOnlyList<FlowChangeDocument> Changes);

/// <summary>A class of flows going from <see cref="VerdictBefore"/> to <see cref="VerdictAfter"/> (allow or drop).</summary>
public sealed record FlowChangeDocument(string VerdictBefore, string VerdictAfter, FlowClassDocument Flows);
