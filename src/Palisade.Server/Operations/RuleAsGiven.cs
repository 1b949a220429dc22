using System.Text.Json.Nodes;

namespace Palisade.Server.Operations;

/// <summary>
/// A dialect's rule as sent, kept on the rule rows it became (<see cref="Store.RuleRow.CfRulesAsGiven"/>),
/// because the dialect shows it verbatim (Cloud Foundry's CAPI returns an ASG's rules as given):
/// <see cref="Index"/> is its place in the group's list.
/// </summary>
internal sealed record RuleAsGiven(int Index, JsonNode Rule)
{
    /// <summary>The column's text: a JSON array of <c>[index, rule]</c> pairs.</summary>
    public static string ToText(IEnumerable<RuleAsGiven> rules) =>
        new JsonArray([.. rules.Select(r => (JsonNode)new JsonArray(r.Index, r.Rule.DeepClone()))]).ToJsonString();

    public static IEnumerable<RuleAsGiven> FromText(string? text) =>
        text is null ? [] : JsonNode.Parse(text)!.AsArray().Select(pair => new RuleAsGiven((int)pair![0]!, pair[1]!.DeepClone()));
}
