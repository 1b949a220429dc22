using System.Collections.Immutable;

namespace Palisade.Core.Analysis;

/// <summary>
/// What a proposed change does at one port: every class of new flows whose verdict changes, and
/// whether connection tracking would be switched on or off (which changes replies, not new flows).
/// </summary>
public sealed record PortImpact(string PortId, string ProjectId, ImmutableArray<FlowChange> Changes, bool StatefulBefore, bool StatefulAfter);
