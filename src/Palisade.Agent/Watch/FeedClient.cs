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
    private static readonly TimeSpan ShipTimeout = TimeSpan.FromSeconds(15);

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
            // Read whole (ResponseContentRead) so that this limit applies: past it the read fails, the feed is refused.
            MaxResponseContentBufferSize = settings.MaxFeedBytes,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
    }

    /// <summary>
    /// The host's policy now (<paramref name="since"/> null), or once the server's revision differs
    /// from <paramref name="since"/>. Unchecked: null when the server answered <c>null</c>.
    /// </summary>
    public async Task<HostPolicy?> GetPolicyAsync(long? since, CancellationToken cancellationToken)
    {
        var path = since is { } revision
            ? string.Create(CultureInfo.InvariantCulture, $"api/v1/hosts/{host}/policy?since={revision}&wait={(long)wait.TotalMilliseconds}ms")
            : $"api/v1/hosts/{host}/policy";
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        // Read as sent: PolicyReader checks the shape and expands the host-level lists into the ports.
        return await response.Content.ReadFromJsonAsync<HostPolicy>(AgentJson.Options, cancellationToken);
    }

    public async Task ReportAsync(HostStatus status, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync($"api/v1/hosts/{host}/status", status, AgentJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Posts flow-log records (docs/flow-logs.md); bounded by <see cref="ShipTimeout"/>, so a hung server only delays the next batch.</summary>
    public async Task ShipFlowLogsAsync(FlowLogBatch batch, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ShipTimeout);
        using var response = await http.PostAsJsonAsync($"api/v1/hosts/{host}/flow-logs", batch, AgentJson.Options, limit.Token);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => http.Dispose();
}
