namespace Palisade.Server.Apis.Requests;

/// <summary>Whether a port's implicit deny sends what it drops to the flow log (docs/flow-logs.md).</summary>
public sealed record PortLogDropsUpdate(bool? LogDrops);
