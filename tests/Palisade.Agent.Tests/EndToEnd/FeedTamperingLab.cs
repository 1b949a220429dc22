using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>
/// A lab whose agent reaches the server through a proxy in the test process. The proxy forwards
/// every request as it is; while <see cref="Tamper"/> is set, it answers the feed requests
/// (<c>GET …/policy</c>) with what the tamper makes of the server's real answer instead: the
/// faults a broken, restored or hostile server (or anything on the path) can send an agent.
/// </summary>
public sealed class FeedTamperingLab : AgentLab
{
    private readonly HttpClient forward = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromMinutes(6), // longer than any long poll the agent may ask for
    };

    private WebApplication? proxy;
    private volatile FeedTamper? tamper;

    /// <summary>What the proxy answers feed requests with, given the server's answer; null passes the answers through.</summary>
    public FeedTamper? Tamper
    {
        get => tamper;
        set => tamper = value;
    }

    /// <summary>How many feed answers the proxy has tampered with.</summary>
    public int Tampered => tampered;

    private int tampered;

    protected override async Task<Uri> AgentServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        proxy = builder.Build();
        proxy.Run(ForwardAsync);
        await proxy.StartAsync();
        return new Uri(proxy.Urls.First());
    }

    /// <summary>
    /// The longest wait the server allows: a test that passes only because a long poll ran out
    /// would take five minutes, and fail its bound, instead of passing by luck.
    /// The lab's feeds are a few KiB; a limit of 1 MiB lets a test send a larger one cheaply.
    /// </summary>
    protected override IEnumerable<string> AgentArguments(string scratch) => ["--Palisade:Agent:PollWait=00:05:00", $"--Palisade:Agent:MaxFeedBytes={MaxFeedBytes}"];

    public const int MaxFeedBytes = 1024 * 1024;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (proxy is not null)
        {
            await proxy.DisposeAsync();
        }

        forward.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var incoming = context.Request;
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(ServerAddress, incoming.Path + incoming.QueryString));
        if (incoming.Headers.Authorization.Count > 0)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(incoming.Headers.Authorization.ToString());
        }

        if (!HttpMethods.IsGet(incoming.Method))
        {
            request.Content = new ByteArrayContent(await ReadAllAsync(incoming.Body, context.RequestAborted));
            if (incoming.ContentType is { } type)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }
        }

        using var response = await forward.SendAsync(request, context.RequestAborted);
        var body = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        var current = tamper;
        if (current is not null && HttpMethods.IsGet(incoming.Method) && incoming.Path.Value!.EndsWith("/policy", StringComparison.Ordinal) && response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref tampered);
            await current.AnswerAsync(context, body);
            return;
        }

        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static async Task<byte[]> ReadAllAsync(Stream body, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }
}

/// <summary>One way of answering a feed request, named for the test's display; <see cref="AnswerAsync"/> gets the server's real answer.</summary>
public sealed record FeedTamper(string Name, Func<HttpContext, byte[], Task> AnswerAsync)
{
    public override string ToString() => Name;
}
