using Palisade.Core.Model;

namespace Palisade.Core.Analysis;

/// <summary>A rule in one line for findings: "ingress IPv4 tcp 22 from 0.0.0.0/0".</summary>
internal static class RuleText
{
    public static string Of(SecurityGroupRule rule)
    {
        var ports = rule.PortRangeMin is not { } min
            ? ""
            : rule.Protocol.IsIcmp
                ? rule.PortRangeMax is { } code ? $" type {min} code {code}" : $" type {min}"
                : rule.PortRangeMax is { } max && max != min ? $" {min}-{max}" : $" {min}";
        var peer = rule.Remote?.ToString() ?? (rule.EtherType == EtherType.IPv4 ? "0.0.0.0/0" : "::/0");
        var preposition = rule.Direction == Direction.Ingress ? "from" : "to";
        return $"{rule.Direction.ToString().ToLowerInvariant()} {rule.EtherType} {rule.Protocol}{ports} {preposition} {peer} (rule {rule.Id})";
    }
}
