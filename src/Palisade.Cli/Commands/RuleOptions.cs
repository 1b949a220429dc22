using System.CommandLine;
using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;

namespace Palisade.Cli.Commands;

/// <summary>The options that state a rule, shared by <c>rule add</c> and <c>rule update</c>, and the request they make.</summary>
internal sealed class RuleOptions
{
    private readonly Option<string> direction = new("--direction") { Description = "ingress or egress", Required = true };
    private readonly Option<string?> ethertype = new("--ethertype") { Description = "IPv4 or IPv6 (default: the family of --remote-ip, else IPv4)" };
    private readonly Option<string?> protocol = new("--protocol") { Description = "tcp, udp, icmp, ipv6-icmp, sctp, a number 0-255, or any (default)" };
    private readonly Option<PortRange?> port = new("--port") { Description = "Destination port (22) or range (1000-2000), for tcp, udp and sctp", CustomParser = PortRange.Parse };
    private readonly Option<int?> icmpType = new("--icmp-type") { Description = "ICMP type (with --protocol icmp)" };
    private readonly Option<int?> icmpCode = new("--icmp-code") { Description = "ICMP code (needs --icmp-type)" };
    private readonly Option<string?> remoteIp = new("--remote-ip") { Description = "Peer CIDR (10.0.0.0/8), address, or range (10.0.0.5-10.0.0.9); default any" };
    private readonly Option<string?> remoteGroup = new("--remote-group") { Description = "Peers are the ports bound to this group (id or name)" };
    private readonly Option<string?> description = new("--description") { Description = "Why the rule exists" };
    private readonly Option<bool> log = new("--log") { Description = "Log packets the rule allows" };

    public RuleOptions()
    {
        direction.AcceptOnlyFromAmong("ingress", "egress");
        ethertype.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "IPv4", "IPv6");
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { direction, ethertype, protocol, port, icmpType, icmpCode, remoteIp, remoteGroup, description, log })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetResult(remoteIp) is not null && result.GetResult(remoteGroup) is not null)
            {
                result.AddError("--remote-ip and --remote-group are exclusive: a rule has one remote.");
            }

            if (result.GetResult(port) is not null && (result.GetResult(icmpType) is not null || result.GetResult(icmpCode) is not null))
            {
                result.AddError("--port is for tcp, udp and sctp; --icmp-type and --icmp-code are for icmp: give one or the other.");
            }
        });
    }

    public async Task<RuleRequest> RequestAsync(CommandSession session, CancellationToken cancellationToken)
    {
        var remote = session.GetValue(remoteIp);
        var isRange = remote is not null && remote.Contains('-', StringComparison.Ordinal);
        var range = session.GetValue(port);
        return new RuleRequest(
            session.GetValue(direction)!,
            session.GetValue(ethertype) ?? (remote?.Contains(':', StringComparison.Ordinal) == true ? "IPv6" : null),
            session.GetValue(protocol),
            range?.Min ?? session.GetValue(icmpType),
            range?.Max ?? session.GetValue(icmpCode),
            isRange ? null : remote,
            isRange ? remote : null,
            session.GetValue(remoteGroup) is { } remoteReference ? await session.ResolveGroupIdAsync(remoteReference, cancellationToken) : null,
            session.GetValue(description),
            session.GetValue(log) ? true : null);
    }
}
