using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// Every error leaves as RFC 9457 problem details: refusals (<see cref="ApiException"/>), bodies
/// that are not the JSON a request needs (400, naming the field when the parser knows it), and
/// anything else a client can send. A 500 is reserved for Palisade's own bugs.
/// </summary>
internal sealed partial class ProblemResponses(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ApiException api => Problem(api.Status, api.Title, api.Message, api.Errors),
            BadHttpRequestException { InnerException: JsonException json } => Problem(400, "Malformed JSON", Describe(json), FieldOf(json)),
            BadHttpRequestException bad => Problem(bad.StatusCode, "Bad request", bad.Message, null),
            JsonException json => Problem(400, "Malformed JSON", Describe(json), FieldOf(json)),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return problem;
    }

    private static string Describe(JsonException json) =>
        json.Path is { Length: > 1 } path ? $"The request body is not valid at {path}: {FirstSentence(json.Message)}" : "The request body is not valid JSON for this request.";

    private static Dictionary<string, string[]>? FieldOf(JsonException json)
    {
        if (json.Path is { Length: > 2 } path)
        {
            return new() { [path.TrimStart('$', '.')] = [FirstSentence(json.Message)] };
        }

        // A missing required property is reported at the object ($), with the names in the message.
        var missing = MissingProperties().Matches(json.Message).Select(m => m.Groups[1].Value).ToList();
        return missing.Count > 0 ? missing.ToDictionary(name => name, _ => new[] { "is required." }) : null;
    }

    [GeneratedRegex("'([a-z0-9_]+)'")]
    private static partial Regex MissingProperties();

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
