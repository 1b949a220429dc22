using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;

namespace Palisade.Core.Analysis;

/// <summary>
/// Every new flow a port lets through in one direction beyond infrastructure traffic (design.md
/// §2 steps 5–7), as disjoint classes. When port security is off, one class per family holds
/// everything. <see cref="Stateful"/>: replies to allowed flows pass too; a stateless port needs
/// rules for them.
/// </summary>
public sealed record Reachability(
    string PortId,
    Direction Direction,
    bool PortSecurityEnabled,
    bool Stateful,
    ImmutableArray<FlowClass> Classes,
    ImmutableArray<IPNetwork> IntraSubnetCidrs);
