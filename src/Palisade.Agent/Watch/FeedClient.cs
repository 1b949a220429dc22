using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Palisade.Core.Feed;

namespace Palisade.Agent.Watch;

/// <summary>
/// The agent's side of <c>/api/v1/hosts/{host}/…</c>: the policy feed (a long poll that answers when
/// the store's revision passes the one the agent has) and the status report.
/// </summary>
internal sealed class FeedClient : IDisposable
{
    private readonly HttpClient http;
    private readonly string host;
    private readonly TimeSpan wait;

    public FeedClient(IOptions<AgentOptions> options)
    {
        var settings = options.Value;
        host = Uri.EscapeDataString(settings.Host);
        wait = settings.PollWait;
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = settings.Server,
            // The server holds a poll for up to `wait`; past that plus a margin, the connection is dead.
            Timeout = settings.PollWait + TimeSpan.FromSeconds(15),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
    }

    /// <summary>The host's policy now (<paramref name="since"/> null), or once the revision passes <paramref name="since"/>.</summary>
    public async Task<HostPolicy> GetPolicyAsync(long? since, CancellationToken cancellationToken)
    {
        var path = since is { } revision
            ? string.Create(CultureInfo.InvariantCulture, $"api/v1/hosts/{host}/policy?since={revision}&wait={(long)wait.TotalMilliseconds}ms")
            : $"api/v1/hosts/{host}/policy";
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var policy = await response.Content.ReadFromJsonAsync<HostPolicy>(AgentJson.Options, cancellationToken)
            ?? throw new System.Text.Json.JsonException("the feed answered null");

        // Members come once per host; the reader wants them per port (the same lists, not copies).
        try
        {
            return PolicyWire.Expand(policy);
        }
        catch (FormatException e)
        {
            throw new System.Text.Json.JsonException(e.Message, e);
        }
    }

    public async Task ReportAsync(HostStatus status, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync($"api/v1/hosts/{host}/status", status, AgentJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => http.Dispose();
}
