using Palisade.Core.Model;
using Palisade.Core.Validation;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Documents;

namespace Palisade.Server.Apis;

/// <summary>Between the API's rule documents and Core's rules; Core's validator is the single judge.</summary>
internal static class RuleMapping
{
    public static RuleDraft Draft(RuleCreate request) => new(
        request.Direction, request.Ethertype, request.Protocol, request.PortRangeMin, request.PortRangeMax,
        request.RemoteIpPrefix, request.RemoteIpRange, request.RemoteGroupId, request.Description, request.Log ?? false, request.RemoteAddressGroupId);

    public static RuleDocument ToDocument(SecurityGroupRule rule, long revision) => new(
        rule.Id,
        rule.GroupId,
        rule.Direction == Direction.Ingress ? "ingress" : "egress",
        rule.EtherType.ToString(),
        rule.Protocol.IsAny ? null : rule.Protocol.ToString(),
        rule.PortRangeMin,
        rule.PortRangeMax,
        (rule.Remote as Remote.Prefix)?.Network.ToString(),
        rule.Remote is Remote.Range range ? $"{range.First}-{range.Last}" : null,
        (rule.Remote as Remote.Group)?.GroupId,
        rule.Description,
        rule.Log,
        revision,
        RemoteAddressGroupId: (rule.Remote as Remote.AddressGroup)?.AddressGroupId);

    public static SecurityGroupRule ToRule(RuleDocument document)
    {
        var draft = new RuleDraft(document.Direction, document.Ethertype, document.Protocol, document.PortRangeMin, document.PortRangeMax,
            document.RemoteIpPrefix, document.RemoteIpRange, document.RemoteGroupId, document.Description, document.Log, document.RemoteAddressGroupId);
        return RuleValidator.Validate(draft, document.Id, document.SecurityGroupId).Rule
            ?? throw new InvalidOperationException($"stored rule {document.Id} no longer validates");
    }
}
