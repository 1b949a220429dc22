namespace Palisade.Server.Infrastructure.Logging;

/// <summary>
/// The server's logger factory, keeping credentials out of the log whatever the log levels are set
/// to. ASP.NET Core's hosting layer logs every request as it starts and finishes, at Information,
/// with the whole URL ("Request starting HTTP/1.1 GET http://…/client/api?…&amp;apiKey=…&amp;signature=…";
/// HostingApplicationDiagnostics.LogRequestStarting in dotnet/aspnetcore). A signed CloudStack URL
/// without <c>signatureVersion=3</c> never expires, so whoever reads such a line can replay it. Its
/// category only ever writes request lines below Warning (its Warning-and-above events are startup
/// and shutdown failures), so below Warning it is dropped here, where no configuration can turn it
/// back on, and <see cref="RequestLog"/> writes each request with its secrets redacted instead.
/// Kestrel does the same for a request it cannot parse: its BadRequests category quotes the
/// request line or header it refused ("Invalid request line: 'GET /client/api?apiKey=…'",
/// "Invalid request header: 'Authorization …'") at Debug, so it is held to Warning too; the client
/// still gets its 400.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>The hosting layer's category (HostingApplication's logger).</summary>
    public const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Kestrel's refusals of requests it cannot parse (KestrelTrace.BadRequestsLog).</summary>
    public const string KestrelBadRequests = "Microsoft.AspNetCore.Server.Kestrel.BadRequests";

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName is HostingDiagnostics or KestrelBadRequests ? new WarningsAndAbove(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>Replaces the container's logger factory with one wrapped in this.</summary>
    public static void Register(IServiceCollection services)
    {
        var registered = services.Single(s => s.ServiceType == typeof(ILoggerFactory));
        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(provider => new RedactingLoggerFactory(
            (ILoggerFactory)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType ?? typeof(LoggerFactory))));
    }

    private sealed class WarningsAndAbove(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
