using System.Globalization;

namespace Palisade.Server.Compat.CloudFoundry;

/// <summary>
/// A CAPI v3 list's query, checked as <c>ListMessage</c> and its subclasses check it, every error
/// reported at once in CAPI's order: page, per_page, order_by (created_at or updated_at, with an
/// optional + or -), unknown parameters, boolean filters, which take only 'true' or 'false', then
/// the timestamp filters where the list has them.
/// </summary>
internal sealed record CfListQuery(int Page, int PerPage, string OrderBy, bool Descending, IReadOnlyList<CfTimestampFilter> Timestamps)
{
    public static CfListQuery Parse(IQueryCollection query, string[] filters, string[] booleanFilters, bool timestamps = false)
    {
        var errors = new List<string>();
        var page = query.ContainsKey("page") ? ToI(query["page"].ToString()) : 1;
        if (page <= 0)
        {
            errors.Add("Page must be a positive integer");
        }

        var perPage = query.ContainsKey("per_page") ? ToI(query["per_page"].ToString()) : 50;
        if (perPage <= 0)
        {
            errors.Add("Per page must be a positive integer");
        }
        else if (perPage > 5000)
        {
            errors.Add("Per page must be between 1 and 5000");
        }

        var order = query["order_by"].ToString();
        var descending = order.StartsWith('-');
        var column = order.TrimStart('+', '-');
        if (order.Length > 0 && (column is not ("created_at" or "updated_at") || order.Length - column.Length > 1))
        {
            errors.Add("Order by can only be: 'created_at', 'updated_at'");
        }

        string[] valid = ["page", "per_page", "order_by", .. filters, .. booleanFilters, .. timestamps ? CfTimestampFilter.Names : []];
        var unknown = query.Keys.Where(k => !valid.Contains(k) && !(timestamps && CfTimestampFilter.NameOf(k) is not null)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add($"Unknown query parameter(s): '{string.Join("', '", unknown)}'. Valid parameters are: '{string.Join("', '", valid)}'");
        }

        foreach (var name in booleanFilters.Where(f => query.ContainsKey(f) && query[f].ToString() is not ("true" or "false")))
        {
            errors.Add($"{char.ToUpperInvariant(name[0])}{name[1..].Replace('_', ' ')} must be 'true' or 'false'");
        }

        var timestampFilters = timestamps ? CfTimestampFilter.Parse(query, errors) : [];
        return errors.Count > 0
            ? throw CfErrors.Unprocessable(string.Join(", ", errors))
            : new CfListQuery((int)Math.Min(page, int.MaxValue), (int)perPage, column.Length == 0 ? "created_at" : column, descending, timestampFilters);
    }

    /// <summary>Ruby's String#to_i, which CAPI's paging uses: the leading integer, or 0 ("2x" is 2, "x" is 0).</summary>
    private static long ToI(string text)
    {
        var trimmed = text.TrimStart();
        var signed = trimmed.Length > 0 && trimmed[0] is '+' or '-';
        var digits = new string([.. trimmed[(signed ? 1 : 0)..].TakeWhile(char.IsAsciiDigit).Take(10)]);
        return digits.Length == 0 ? 0 : (trimmed[0] == '-' ? -1 : 1) * long.Parse(digits, CultureInfo.InvariantCulture);
    }
}
