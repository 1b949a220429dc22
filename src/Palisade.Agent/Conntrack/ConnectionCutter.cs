using System.Net;
using Microsoft.Extensions.Logging;
using Palisade.Core.Classification;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Agent.Conntrack;

/// <summary>
/// Ends connections a new policy no longer allows. A stateful chain accepts every packet of an
/// established connection, so removing the rule that let it in would otherwise leave it open for as
/// long as it stays busy; Neutron's agent deletes such conntrack entries for the same reason
/// (neutron/agent/linux/ip_conntrack.py). For each entry touching a changed port, the Core classifier
/// is asked whether the new policy would still let the connection's first packet through, at the
/// sender's port (egress) and at the receiver's (ingress); if either says drop, the entry goes and
/// the connection's next packet meets the rules as a new one.
/// </summary>
internal sealed partial class ConnectionCutter(ConntrackClient conntrack, AgentStatistics statistics, ILogger<ConnectionCutter> logger)
{
    public async Task CutAsync(IReadOnlyList<EffectivePolicy> changed, CancellationToken cancellationToken)
    {
        var ports = changed.Where(p => p.Port.PortSecurityEnabled && p.Stateful).ToList();
        if (ports.Count == 0)
        {
            return;
        }

        var (entries, error) = await conntrack.ListAsync(cancellationToken);
        if (error is not null)
        {
            Log.ListFailed(logger, error);
            return;
        }

        var classifiers = new Dictionary<EffectivePolicy, PolicyClassifier>(ReferenceEqualityComparer.Instance);
        PolicyClassifier ClassifierOf(EffectivePolicy policy) =>
            classifiers.TryGetValue(policy, out var compiled) ? compiled : classifiers[policy] = PolicyClassifier.Compile(policy);

        foreach (var entry in entries)
        {
            var sender = ports.FirstOrDefault(p => Owns(p, entry.Source));
            var receiver = ports.FirstOrDefault(p => Owns(p, entry.Destination));
            var dropped = (sender is not null && ClassifierOf(sender).Classify(FirstPacket(entry, Direction.Egress)).Verdict == Verdict.Drop)
                || (receiver is not null && ClassifierOf(receiver).Classify(FirstPacket(entry, Direction.Ingress)).Verdict == Verdict.Drop);
            if (dropped && await conntrack.DeleteAsync(entry, cancellationToken))
            {
                statistics.ConnectionCut();
                Log.ConnectionCut(logger, entry.Protocol, entry.Source, entry.SourcePort, entry.Destination, entry.DestinationPort);
            }
        }
    }

    private static bool Owns(EffectivePolicy policy, IPAddress address) =>
        policy.Port.FixedIps.Any(f => f.Address.Equals(address)) || policy.SourceAddresses.Any(n => n.Contains(address));

    /// <summary>The connection's first packet as the port on that side sees it.</summary>
    internal static Flow FirstPacket(ConntrackEntry entry, Direction direction) => new(
        direction,
        entry.IsIPv6 ? EtherType.IPv6 : EtherType.IPv4,
        entry.Protocol,
        direction == Direction.Egress ? entry.Destination : entry.Source,
        entry.DestinationPort,
        entry.SourcePort,
        entry.IcmpType,
        entry.IcmpCode,
        direction == Direction.Egress ? entry.Source : null);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Cut a connection the new policy no longer allows: protocol {Protocol} {Source}:{SourcePort} -> {Destination}:{DestinationPort}")]
        public static partial void ConnectionCut(ILogger logger, byte protocol, IPAddress source, int sourcePort, IPAddress destination, int destinationPort);

        [LoggerMessage(2, LogLevel.Warning, "Could not list connections to cut: {Error}")]
        public static partial void ListFailed(ILogger logger, string error);
    }
}
