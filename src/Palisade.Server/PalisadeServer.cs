using Microsoft.AspNetCore.Http.Json;
using Palisade.Server.Apis;
using Palisade.Server.Auth;
using Palisade.Server.Compat.CloudFoundry;
using Palisade.Server.Compat.CloudStack;
using Palisade.Server.Compat.Keystone;
using Palisade.Server.Compat.Neutron;
using Palisade.Server.Dashboard;
using Palisade.Server.Infrastructure;
using Palisade.Server.Operations;
using Palisade.Store;
using Palisade.Store.Postgres;
using Palisade.Store.Sqlite;

namespace Palisade.Server;

/// <summary>
/// Builds the server: the store, the admin token, problem details for every error, and the APIs.
/// Configuration (appsettings, environment, command line): <c>Palisade:Urls</c> (default
/// http://127.0.0.1:8080), <c>Palisade:Database</c> (SQLite file, default ./palisade.db),
/// <c>Palisade:Postgres</c> (an Npgsql connection string: use PostgreSQL instead, for several
/// servers sharing one store), <c>PALISADE_ADMIN_TOKEN</c>, <c>Palisade:Keystone:TokenExpiration</c>
/// (seconds a token from /identity lasts, default 3600).
/// </summary>
public static class PalisadeServer
{
    private const long MaxRequestBodyBytes = 1 << 20;

    public static async Task<WebApplication> BuildAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var urls = builder.Configuration["Palisade:Urls"] ?? "http://127.0.0.1:8080";
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        var postgres = builder.Configuration["Palisade:Postgres"];
        IPalisadeStore store = string.IsNullOrEmpty(postgres)
            ? await SqliteStore.OpenAsync(builder.Configuration["Palisade:Database"] ?? "palisade.db", cancellationToken)
            : await PostgresStore.OpenAsync(postgres, cancellationToken);
        var adminToken = new AdminToken();
        var generated = await adminToken.InitializeAsync(store, builder.Configuration["PALISADE_ADMIN_TOKEN"], cancellationToken);
        await DefaultRuleTemplates.SeedAsync(store, cancellationToken);

        var signal = new RevisionSignal();
        store.Changed += (_, _) => signal.Notify();
        builder.Services.AddSingleton(signal);
        builder.Services.AddSingleton<SnapshotCache>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IPalisadeStore>(services => new AuditingStore(store, services.GetRequiredService<IHttpContextAccessor>())); // a factory registration, so the container disposes it
        builder.Services.AddSingleton(new CallerResolver(adminToken, store));
        builder.Services.AddSingleton(KeystoneOptions.From(builder.Configuration));
        builder.Services.Configure<JsonOptions>(options => JsonDefaults.Configure(options.SerializerOptions));
        builder.Services.AddSingleton<RequestMetrics>();
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ProblemResponses>();

        var app = builder.Build();
        var metrics = app.Services.GetRequiredService<RequestMetrics>();
        app.Use(metrics.MeasureAsync);
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
