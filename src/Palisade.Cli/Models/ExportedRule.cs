namespace Palisade.Cli.Models;

/// <summary>
/// A rule without its ids; <see cref="RemoteGroup"/> names a group of the same export or project.
/// An address group is kept by id, so an import where it does not exist is refused, not widened to "any".
/// </summary>
internal sealed record ExportedRule(
    string Direction,
    string? Ethertype = null,
    string? Protocol = null,
    int? PortRangeMin = null,
    int? PortRangeMax = null,
    string? RemoteIpPrefix = null,
    string? RemoteIpRange = null,
    string? RemoteGroup = null,
    string? RemoteGroupId = null,
    string? Description = null,
    bool? Log = null,
    string? RemoteAddressGroupId = null)
{
    /// <summary>What makes two rules the same rule (not description or log), as the server compares them.</summary>
    public static string Identity(string direction, string? ethertype, string? protocol, int? min, int? max, string? prefix, string? range, string? remoteGroupId, string? remoteAddressGroupId) =>
        string.Join('|', direction, (ethertype ?? "IPv4").ToUpperInvariant(), protocol ?? "any", min, max, prefix, range, remoteGroupId, remoteAddressGroupId);
}
