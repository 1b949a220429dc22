namespace Palisade.Server.Documents;

/// <summary>A rule as listed, with the hits its counters have seen on every host that reported them (null before any report).</summary>
public sealed record RuleView(
    string Id,
    string SecurityGroupId,
    string Direction,
    string Ethertype,
    string? Protocol,
    int? PortRangeMin,
    int? PortRangeMax,
    string? RemoteIpPrefix,
    string? RemoteIpRange,
    string? RemoteGroupId,
    string Description,
    bool Log,
    long RevisionNumber,
    long? HitPackets,
    long? HitBytes)
{
    public static RuleView From(RuleDocument rule, (long Packets, long Bytes)? hits) => new(
        rule.Id, rule.SecurityGroupId, rule.Direction, rule.Ethertype, rule.Protocol, rule.PortRangeMin, rule.PortRangeMax,
        rule.RemoteIpPrefix, rule.RemoteIpRange, rule.RemoteGroupId, rule.Description, rule.Log, rule.RevisionNumber, hits?.Packets, hits?.Bytes);
}
