using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Palisade.Cli.Infrastructure;

/// <summary>
/// The server's native HTTP API, and nothing else: bearer token, snake_case JSON, errors read as
/// RFC 9457 problems, lists followed through their <c>Link: &lt;…&gt;; rel="next"</c> pages.
/// A server that does not answer is a <see cref="CliException"/> with exit code 3, one that
/// refuses a <see cref="ServerRefusedException"/> with exit code 1.
/// </summary>
internal sealed partial class PalisadeClient : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient http;

    public PalisadeClient(Uri server, string token)
    {
        Server = server;
        http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout }) { BaseAddress = server, Timeout = RequestTimeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("palisade-cli", typeof(PalisadeClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    public Uri Server { get; }

    public async Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, path, null, null, cancellationToken)).Body;

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        As<T>(await GetAsync(path, cancellationToken), path);

    /// <summary>Every item of a paged list, following next links until the last page.</summary>
    public async Task<JsonArray> ListAsync(string path, CancellationToken cancellationToken)
    {
        var all = new JsonArray();
        string? next = path;
        while (next is not null)
        {
            var response = await SendAsync(HttpMethod.Get, next, null, null, cancellationToken);
            if (response.Body is not JsonArray page)
            {
                throw new ServerRefusedException(200, "Unexpected answer", $"GET {next} did not return a JSON list.", new Dictionary<string, string[]>());
            }

            var items = page.ToList();
            page.Clear(); // detaches the items, so they can join the combined list
            foreach (var item in items)
            {
                all.Add(item);
            }

            next = response.NextLink;
        }

        return all;
    }

    public async Task<List<T>> ListAsync<T>(string path, CancellationToken cancellationToken) =>
        As<List<T>>(await ListAsync(path, cancellationToken), path);

    public async Task<JsonNode?> PostAsync(string path, object body, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, path, body, null, cancellationToken)).Body;

    public async Task<JsonNode?> PatchAsync(string path, object body, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Patch, path, body, null, cancellationToken)).Body;

    /// <summary>PUT guarded by the revision the caller read, so a concurrent change is refused (412), not overwritten.</summary>
    public async Task<JsonNode?> PutAsync(string path, object body, long? ifMatchRevision, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Put, path, body, ifMatchRevision, cancellationToken)).Body;

    public async Task DeleteAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Delete, path, null, null, cancellationToken);

    /// <summary>Whether anything answers <c>/healthz</c> at the server address (no token needed).</summary>
    public async Task CheckReachableAsync(CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, "/healthz", null, null, cancellationToken);

    public static T As<T>(JsonNode? node, string path) =>
        node.Deserialize<T>(CliJson.Options) ?? throw new ServerRefusedException(200, "Unexpected answer", $"{path} returned no body.", new Dictionary<string, string[]>());

    public void Dispose() => http.Dispose();

    private async Task<(JsonNode? Body, string? NextLink)> SendAsync(HttpMethod method, string path, object? body, long? ifMatchRevision, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: CliJson.Options);
        }

        if (ifMatchRevision is { } revision)
        {
            request.Headers.TryAddWithoutValidation("If-Match", revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw CliException.Unreachable($"cannot reach the Palisade server at {Server}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw CliException.Unreachable($"the Palisade server at {Server} did not answer within {RequestTimeout.TotalSeconds:0} s.");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Refusal(response, method, path, text);
            }

            var json = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
            JsonNode? node = null;
            if (text.Length > 0)
            {
                if (!json)
                {
                    throw new ServerRefusedException((int)response.StatusCode, "Unexpected answer", $"{method} {path} did not return JSON: is {Server} a Palisade server?", new Dictionary<string, string[]>());
                }

                node = JsonNode.Parse(text);
            }

            return (node, NextLink(response));
        }
    }

    private ServerRefusedException Refusal(HttpResponseMessage response, HttpMethod method, string path, string text)
    {
        var status = (int)response.StatusCode;
        var errors = new Dictionary<string, string[]>();
        try
        {
            if (JsonNode.Parse(text) is JsonObject problem && problem["title"] is JsonValue)
            {
                if (problem["errors"] is JsonObject fields)
                {
                    foreach (var (field, messages) in fields)
                    {
                        errors[field] = messages is JsonArray list ? [.. list.Select(m => m?.ToString() ?? "")] : [messages?.ToString() ?? ""];
                    }
                }

                return new ServerRefusedException(status, (string?)problem["title"] ?? response.ReasonPhrase ?? "Error", (string?)problem["detail"], errors);
            }
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's error page, say): report the status line below.
        }

        var hint = response.StatusCode == HttpStatusCode.NotFound ? $": is {Server} a Palisade server?" : ".";
        return new ServerRefusedException(status, $"{status} {response.ReasonPhrase}", $"{method} {path} failed{hint}", errors);
    }

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            var match = NextRelation().Match(value);
            if (match.Success)
            {
                return match.Groups["target"].Value;
            }
        }

        return null;
    }

    [GeneratedRegex("<(?<target>[^>]+)>\\s*;\\s*rel=\"?next\"?")]
    private static partial Regex NextRelation();
}
