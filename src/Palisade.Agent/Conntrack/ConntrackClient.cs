using System.Globalization;
using Microsoft.Extensions.Options;
using Palisade.Agent.Apply;

namespace Palisade.Agent.Conntrack;

/// <summary>Lists and deletes conntrack entries with the <c>conntrack</c> tool (in the agent's namespace).</summary>
internal sealed class ConntrackClient(CommandRunner runner, IOptions<AgentOptions> options)
{
    private readonly string conntrack = options.Value.Conntrack;

    public async Task<(IReadOnlyList<ConntrackEntry> Entries, string? Error)> ListAsync(CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(conntrack, ["-L", "-o", "extended"], null, cancellationToken);
        return result.Succeeded ? (ConntrackParser.Parse(result.Output), null) : ([], result.Describe("conntrack -L"));
    }

    /// <summary>Deletes exactly this entry (its original tuple); false when it was already gone.</summary>
    public async Task<bool> DeleteAsync(ConntrackEntry entry, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(conntrack, DeleteArguments(entry), null, cancellationToken);
        return result.Succeeded;
    }

    internal static List<string> DeleteArguments(ConntrackEntry entry)
    {
        static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
        var arguments = new List<string> { "-D", "-f", entry.IsIPv6 ? "ipv6" : "ipv4" };
        switch (entry.Protocol)
        {
            case 6 or 17 or 132 or 33 or 136:
                arguments.AddRange(["-p", PortProtocolName(entry.Protocol), "--orig-src", entry.Source.ToString(), "--orig-dst", entry.Destination.ToString(),
                    "--orig-port-src", Text(entry.SourcePort), "--orig-port-dst", Text(entry.DestinationPort)]);
                break;
            case 1:
                arguments.AddRange(["-p", "icmp", "--orig-src", entry.Source.ToString(), "--orig-dst", entry.Destination.ToString(),
                    "--icmp-type", Text(entry.IcmpType), "--icmp-code", Text(entry.IcmpCode), "--icmp-id", Text(entry.IcmpId)]);
                break;
            case 58:
                arguments.AddRange(["-p", "icmpv6", "--orig-src", entry.Source.ToString(), "--orig-dst", entry.Destination.ToString(),
                    "--icmpv6-type", Text(entry.IcmpType), "--icmpv6-code", Text(entry.IcmpCode), "--icmpv6-id", Text(entry.IcmpId)]);
                break;
            default:
                arguments.AddRange(["-p", Text(entry.Protocol), "--orig-src", entry.Source.ToString(), "--orig-dst", entry.Destination.ToString()]);
                break;
        }

        return arguments;
    }

    private static string PortProtocolName(byte protocol) => protocol switch
    {
        6 => "tcp",
        17 => "udp",
        132 => "sctp",
        33 => "dccp",
        _ => "udplite",
    };
}
