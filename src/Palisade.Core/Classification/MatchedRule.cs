using Palisade.Core.Model;

namespace Palisade.Core.Classification;

/// <summary>A rule that matched a flow, with the group it came from.</summary>
public sealed record MatchedRule(string GroupId, SecurityGroupRule Rule);
