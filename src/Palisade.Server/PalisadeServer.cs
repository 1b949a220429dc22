using Microsoft.AspNetCore.Http.Json;
using Palisade.Server.Apis;
using Palisade.Server.Auth;
using Palisade.Server.Compat.CloudFoundry;
using Palisade.Server.Compat.CloudStack;
using Palisade.Server.Compat.Keystone;
using Palisade.Server.Compat.Neutron;
using Palisade.Server.Dashboard;
using Palisade.Server.FlowLogs;
using Palisade.Server.Infrastructure;
using Palisade.Server.Infrastructure.Logging;
using Palisade.Server.Insight;
using Palisade.Server.Operations;
using Palisade.Store;
using Palisade.Store.FlowLogs;
using Palisade.Store.Postgres;
using Palisade.Store.Sqlite;

namespace Palisade.Server;

/// <summary>
/// Builds the server: the store, the admin token, problem details for every error, and the APIs.
/// Configuration (appsettings, environment, command line): <c>Palisade:Urls</c> (default
/// http://127.0.0.1:8080), <c>Palisade:Database</c> (SQLite file, default ./palisade.db),
/// <c>Palisade:Postgres</c> (an Npgsql connection string: use PostgreSQL instead, for several
/// servers sharing one store), <c>PALISADE_ADMIN_TOKEN</c>, <c>Palisade:Keystone:TokenExpiration</c>
/// (seconds a token from /identity lasts, default 3600), <c>Palisade:AuthRateLimit:*</c> (failed
/// authentications tolerated per address and principal, <see cref="AuthRateLimitOptions"/>),
/// <c>Palisade:Audit:MaxAgeDays</c>, <c>Palisade:Audit:MaxEvents</c> and <c>Palisade:Audit:PruneIntervalSeconds</c>
/// (audit retention, see <see cref="AuditRetentionOptions"/>), <c>Palisade:FlowLogs:*</c> (flow-log
/// retention and batch size, see <see cref="FlowLogOptions"/>).
/// </summary>
public static class PalisadeServer
{
    private const long MaxRequestBodyBytes = 1 << 20;

    public static Task<WebApplication> BuildAsync(string[] args, CancellationToken cancellationToken = default) =>
        BuildAsync(args, TimeProvider.System, cancellationToken);

    /// <summary>As <see cref="BuildAsync(string[], CancellationToken)"/>, on <paramref name="clock"/>'s time (tests move it).</summary>
    internal static async Task<WebApplication> BuildAsync(string[] args, TimeProvider clock, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var urls = builder.Configuration["Palisade:Urls"] ?? "http://127.0.0.1:8080";
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        var auditRetention = AuditRetentionOptions.From(builder.Configuration);
        var postgres = builder.Configuration["Palisade:Postgres"];
        IPalisadeStore opened = string.IsNullOrEmpty(postgres)
            ? await SqliteStore.OpenAsync(builder.Configuration["Palisade:Database"] ?? "palisade.db", clock, cancellationToken)
            : await PostgresStore.OpenAsync(postgres, clock, cancellationToken);
        IPalisadeStore store = new IdCheckingStore(opened);
        var adminToken = new AdminToken();
        var generated = await adminToken.InitializeAsync(store, builder.Configuration["PALISADE_ADMIN_TOKEN"], cancellationToken);
        await DefaultRuleTemplates.SeedAsync(store, cancellationToken);

        var signal = new RevisionSignal(store, await store.RevisionAsync(cancellationToken));
        builder.Services.AddSingleton(signal);
        builder.Services.AddHostedService<RevisionRefresh>();
        builder.Services.AddSingleton<SnapshotCache>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IPalisadeStore>(services => new AuditingStore(store, services.GetRequiredService<IHttpContextAccessor>(), clock)); // a factory registration, so the container disposes it
        builder.Services.AddSingleton(new CallerResolver(adminToken, store));
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(auditRetention);
        builder.Services.AddHostedService<AuditRetention>();
        builder.Services.AddFlowLogs((IFlowLogStore)opened, builder.Configuration);
        builder.Services.AddSingleton(KeystoneOptions.From(builder.Configuration));
        builder.Services.AddOptions<AuthRateLimitOptions>()
            .Bind(builder.Configuration.GetSection(AuthRateLimitOptions.Section))
            .Validate(options => options.Problem() is null, $"{AuthRateLimitOptions.Section} is not valid: failures must be 0 (no limit) or more, the window 1 to 86400 seconds.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AuthFailureLimiter>();
        builder.Services.Configure<JsonOptions>(options => JsonDefaults.Configure(options.SerializerOptions));
        builder.Services.AddSingleton<RequestMetrics>();
        RedactingLoggerFactory.Register(builder.Services);
        builder.Services.AddSingleton<RequestLog>();
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ProblemResponses>();

        var app = builder.Build();
        var metrics = app.Services.GetRequiredService<RequestMetrics>();
        app.Use(metrics.MeasureAsync);
        app.Use(app.Services.GetRequiredService<RequestLog>().WriteAsync);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseBearerAuthentication();
        app.UseNeutronPaths();
        app.UseRouting();
        app.MapOpenApi();
        app.MapHealthApi()
            .MapMetricsApi()
            .MapProjectsApi()
            .MapSecurityGroupsApi()
            .MapRulesApi()
            .MapNetworksApi()
            .MapPortsApi()
            .MapExplainApi()
            .MapHostsApi()
            .MapBindingsApi()
            .MapPlatformPoliciesApi()
            .MapAuditEventsApi()
            .MapPrincipalsApi()
            .MapTokensApi()
            .MapRoleBindingsApi()
            .MapQuotasApi()
            .MapNeutronApi()
            .MapKeystoneApi()
            .MapCloudFoundryApi()
            .MapCloudStackApi()
            .MapApiKeysApi();
        app.MapInsightApis();
        app.MapFlowLogsApi();
        app.MapDashboard();

        if (generated is not null)
        {
            app.Lifetime.ApplicationStarted.Register(() =>
                Console.WriteLine($"Palisade admin token (shown once, keep it): {generated}"));
        }

        app.Lifetime.ApplicationStarted.Register(() =>
            Console.WriteLine($"Palisade listening on {string.Join(", ", app.Urls)}"));
        return app;
    }
}
