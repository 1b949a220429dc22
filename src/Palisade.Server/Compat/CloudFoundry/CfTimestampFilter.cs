using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Palisade.Server.Compat.CloudFoundry;

/// <summary>
/// CAPI's <c>created_ats</c> and <c>updated_ats</c> filters: <c>created_ats=t1,t2</c> keeps what was
/// made in one of those seconds, <c>created_ats[lt|lte|gt|gte]=t</c> compares with one timestamp.
/// Timestamps are CAPI's opinionated ISO 8601, <c>YYYY-MM-DDThh:mm:ssZ</c>, which also compare as
/// text, as do the resources' own second-precision timestamps.
/// </summary>
internal sealed partial record CfTimestampFilter(string Field, string Operator, string[] Values)
{
    public static readonly string[] Names = ["created_ats", "updated_ats"];

    /// <summary>The filter a query parameter names (<c>created_ats</c> or <c>created_ats[lt]</c>), if it names one.</summary>
    public static string? NameOf(string parameter) =>
        Names.FirstOrDefault(n => parameter == n || (parameter.StartsWith(n + "[", StringComparison.Ordinal) && parameter.EndsWith(']')));

    /// <summary>The filters of a query, with CAPI's texts for a wrong operator, a list after an operator and a wrong timestamp.</summary>
    public static List<CfTimestampFilter> Parse(IQueryCollection query, List<string> errors)
    {
        var filters = new List<CfTimestampFilter>();
        foreach (var (parameter, value) in query.Where(q => NameOf(q.Key) is not null))
        {
            var name = NameOf(parameter)!;
            var label = name == "created_ats" ? "Created ats" : "Updated ats";
            var op = parameter.Length == name.Length ? "eq" : parameter[(name.Length + 1)..^1];
            var values = value.ToString().Split(',');
            if (op is not ("eq" or "lt" or "lte" or "gt" or "gte"))
            {
                errors.Add($"{label} Invalid relational operator: '{op}'");
            }
            else if (op != "eq" && values.Length > 1)
            {
                errors.Add($"{label} only accepts one value when using a relational operator");
                continue;
            }

            if (values.Any(v => !Timestamp().IsMatch(v)))
            {
                errors.Add($"{label} has an invalid timestamp format. Timestamps should be formatted as 'YYYY-MM-DDThh:mm:ssZ'");
            }

            filters.Add(new CfTimestampFilter(name[..^1], op, values));
        }

        return filters;
    }

    public bool Matches(JsonObject view)
    {
        var at = (string)view[Field]!;
        return Operator switch
        {
            "lt" => string.CompareOrdinal(at, Values[0]) < 0,
            "lte" => string.CompareOrdinal(at, Values[0]) <= 0,
            "gt" => string.CompareOrdinal(at, Values[0]) > 0,
            "gte" => string.CompareOrdinal(at, Values[0]) >= 0,
            _ => Values.Contains(at, StringComparer.Ordinal),
        };
    }

    [GeneratedRegex(@"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\z")]
    private static partial Regex Timestamp();
}
