namespace Palisade.Server.Apis.Requests;

/// <summary>Several rules added all or nothing.</summary>
public sealed record RuleBatch(IReadOnlyList<RuleCreate>? Rules);
