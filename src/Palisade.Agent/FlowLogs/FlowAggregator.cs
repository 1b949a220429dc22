using Palisade.Core.Feed;

namespace Palisade.Agent.FlowLogs;

/// <summary>
/// Counts identical flows of one window into one record: same target (port, group, rule, direction,
/// verdict), protocol, addresses, ports or ICMP type and code. At most <c>maxFlows</c> distinct flows
/// per window; the packets of further flows are refused (the caller counts them as suppressed), so a
/// scan of many addresses costs bounded memory. Not thread-safe: the collector holds one lock around it.
/// </summary>
internal sealed class FlowAggregator(int maxFlows)
{
    private Dictionary<FlowKey, Tally> flows = [];

    public int Count => flows.Count;

    /// <summary>Adds one packet; false when the window already holds <c>maxFlows</c> other flows.</summary>
    public bool Add(FlowTarget target, PacketHeaders packet, DateTimeOffset seen)
    {
        var key = new FlowKey(target, packet.Protocol, packet.Source.ToString(), packet.Destination.ToString(), packet.SourcePort, packet.DestinationPort, packet.IcmpType, packet.IcmpCode);
        if (flows.TryGetValue(key, out var tally))
        {
            tally.Packets++;
            tally.Bytes += packet.Length;
            tally.First = seen < tally.First ? seen : tally.First;
            tally.Last = seen > tally.Last ? seen : tally.Last;
            return true;
        }

        if (flows.Count >= maxFlows)
        {
            return false;
        }

        flows[key] = new Tally { Packets = 1, Bytes = packet.Length, First = seen, Last = seen };
        return true;
    }

    /// <summary>The window's records, and a new empty window.</summary>
    public List<FlowLogEntry> Flush()
    {
        var done = flows;
        flows = [];
        return [.. done.Select(f => new FlowLogEntry(
            f.Key.Target.PortId,
            f.Key.Target.GroupId,
            f.Key.Target.RuleId,
            f.Key.Target.Ingress ? "ingress" : "egress",
            f.Key.Target.Allowed ? "allow" : "drop",
            f.Key.Protocol,
            f.Key.Source,
            f.Key.Destination,
            f.Key.SourcePort,
            f.Key.DestinationPort,
            f.Key.IcmpType,
            f.Key.IcmpCode,
            f.Value.Packets,
            f.Value.Bytes,
            f.Value.First,
            f.Value.Last))];
    }

    private readonly record struct FlowKey(FlowTarget Target, byte Protocol, string Source, string Destination, ushort? SourcePort, ushort? DestinationPort, byte? IcmpType, byte? IcmpCode);

    private sealed class Tally
    {
        public long Packets { get; set; }

        public long Bytes { get; set; }

        public DateTimeOffset First { get; set; }

        public DateTimeOffset Last { get; set; }
    }
}
