namespace Palisade.Cli.Models;

internal sealed record FixedIp(string SubnetId, string IpAddress);
