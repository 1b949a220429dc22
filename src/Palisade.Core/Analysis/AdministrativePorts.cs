using System.Collections.Immutable;
using Palisade.Core.Model;

namespace Palisade.Core.Analysis;

/// <summary>
/// Ports that administer a host or hold data, which should never be open to the whole Internet
/// (the services CIS Benchmarks and cloud providers' default checks name: AWS Trusted Advisor
/// "Security Groups – Specific Ports Unrestricted", Azure Defender's management ports).
/// </summary>
internal static class AdministrativePorts
{
    public sealed record Service(string Name, byte Protocol, int First, int Last);

    public static ImmutableArray<Service> Services { get; } =
    [
        new("SSH", Model.Protocol.Tcp, 22, 22),
        new("Telnet", Model.Protocol.Tcp, 23, 23),
        new("RDP", Model.Protocol.Tcp, 3389, 3389),
        new("RDP", Model.Protocol.Udp, 3389, 3389),
        new("VNC", Model.Protocol.Tcp, 5900, 5900),
        new("WinRM", Model.Protocol.Tcp, 5985, 5986),
        new("SMB", Model.Protocol.Tcp, 445, 445),
        new("MySQL", Model.Protocol.Tcp, 3306, 3306),
        new("PostgreSQL", Model.Protocol.Tcp, 5432, 5432),
        new("SQL Server", Model.Protocol.Tcp, 1433, 1433),
        new("Oracle", Model.Protocol.Tcp, 1521, 1521),
        new("MongoDB", Model.Protocol.Tcp, 27017, 27017),
        new("Redis", Model.Protocol.Tcp, 6379, 6379),
        new("Memcached", Model.Protocol.Tcp, 11211, 11211),
        new("Memcached", Model.Protocol.Udp, 11211, 11211),
        new("Elasticsearch", Model.Protocol.Tcp, 9200, 9200),
        new("Kubernetes API", Model.Protocol.Tcp, 6443, 6443),
        new("kubelet", Model.Protocol.Tcp, 10250, 10250),
        new("etcd", Model.Protocol.Tcp, 2379, 2380),
        new("Docker API", Model.Protocol.Tcp, 2375, 2376),
    ];

    /// <summary>The services a rule region opens, by name, each once.</summary>
    public static ImmutableArray<string> OpenedBy(RuleRegion region) =>
        [.. Services
            .Where(s => (region.Protocol == RuleRegion.AnyProtocol || (region.Protocol == s.Protocol && region.PortFirst <= s.Last && region.PortLast >= s.First)))
            .Select(s => s.Name)
            .Distinct()];
}
