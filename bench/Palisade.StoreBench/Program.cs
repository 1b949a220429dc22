using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;

// The audit page and a tenant request's authorization at scale (issue 12), through the real server
// as its own process, for one or more builds of it side by side (the baseline before the typed tables
// and the current one), on SQLite and PostgreSQL. Rows are filled by SQL in whichever schema the
// build made (audit documents in `resources`, or the `audit_events` and identity tables), so the
// fill is quick and the figures are the server's reads only. Usage:
//   dotnet run -c Release --project bench/Palisade.StoreBench -- \
//     --server current=src/Palisade.Server/bin/Release/net10.0/Palisade.Server.dll --server main=/path/to/Palisade.Server.dll \
//     [--postgres "Host=...;Username=...;Password=...;Database=postgres"] [--events 10000,100000,1000000] [--max-events main=100000]
var servers = new List<(string Label, string Dll)>();
var postgres = (string?)null;
var sizes = new[] { 10_000, 100_000, 1_000_000 };
var maxEvents = new Dictionary<string, int>();
for (var i = 0; i < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--server":
            var (label, dll) = (args[i + 1].Split('=', 2)[0], args[i + 1].Split('=', 2)[1]);
            servers.Add((label, Path.GetFullPath(dll)));
            break;
        case "--postgres":
            postgres = args[i + 1];
            break;
        case "--events":
            sizes = [.. args[i + 1].Split(',').Select(int.Parse)];
            break;
        case "--max-events":
            maxEvents[args[i + 1].Split('=')[0]] = int.Parse(args[i + 1].Split('=')[1], CultureInfo.InvariantCulture);
            break;
        default:
            throw new ArgumentException($"unknown option {args[i]}");
    }
}

Console.WriteLine("| engine | build | measure | size | p50 ms | p99 ms | samples |");
Console.WriteLine("|---|---|---|---:|---:|---:|---:|");
foreach (var engine in postgres is null ? ["sqlite"] : new[] { "sqlite", "postgres" })
{
    foreach (var (label, dll) in servers)
    {
        await using var store = await BenchStore.CreateAsync(engine, postgres);
        await using var server = await ServerProcess.StartAsync(dll, store.ServerArgument);
        var tenant = await Tenant.CreateAsync(server.Admin);
        await using var connection = await store.OpenAsync();
        var typed = await store.HasTableAsync(connection, "audit_events");
        void Report(string measure, int size, Samples samples) =>
            Console.WriteLine($"| {engine} | {label} | {measure} | {size:N0} | {samples.Percentile(50):F1} | {samples.Percentile(99):F1} | {samples.Count} |");

        var bindings = 0;
        foreach (var size in new[] { 100, 10_000 })
        {
            await Fill.RoleBindingsAsync(connection, engine, typed, bindings, size);
            bindings = size;
            Report("tenant GET /api/v1/whoami (authorization)", size, await Samples.TakeAsync(tenant.Client, "/api/v1/whoami", 200));
        }

        var events = 0;
        foreach (var size in sizes.Where(s => s <= maxEvents.GetValueOrDefault(label, int.MaxValue)))
        {
            await Fill.AuditEventsAsync(connection, engine, typed, tenant.ProjectId, events, size);
            events = size;
            Report("admin audit page of 100", size, await Samples.TakeAsync(server.Admin, "/api/v1/audit-events?limit=100", 50));
            Report("tenant audit page of 100", size, await Samples.TakeAsync(tenant.Client, "/api/v1/audit-events?limit=100", 50));
        }
    }
}

/// <summary>Request times: a few warm-ups, then up to the count asked or 30 s of requests (at least 3).</summary>
internal sealed class Samples(List<double> milliseconds)
{
    public int Count => milliseconds.Count;

    public static async Task<Samples> TakeAsync(HttpClient client, string path, int count)
    {
        for (var i = 0; i < 2; i++)
        {
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
        }

        var taken = new List<double>();
        var budget = Stopwatch.StartNew();
        while (taken.Count < count && (taken.Count < 3 || budget.Elapsed < TimeSpan.FromSeconds(30)))
        {
            var one = Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            taken.Add(one.Elapsed.TotalMilliseconds);
        }

        return new Samples(taken);
    }

    public double Percentile(int p)
    {
        var sorted = milliseconds.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>A principal with the reader role in one project and a bearer token, made through the native API as any tenant is.</summary>
internal sealed record Tenant(HttpClient Client, string ProjectId)
{
    public static async Task<Tenant> CreateAsync(HttpClient admin)
    {
        var project = await PostAsync(admin, "/api/v1/projects", new { name = "bench-tenant" });
        var principal = await PostAsync(admin, "/api/v1/principals", new { name = "bench-tenant" });
        await PostAsync(admin, "/api/v1/role-bindings", new { principal_id = (string)principal["id"]!, role = "reader", project_id = (string)project["id"]! });
        var token = await PostAsync(admin, "/api/v1/tokens", new { principal_id = (string)principal["id"]! });
        var client = new HttpClient { BaseAddress = admin.BaseAddress, Timeout = admin.Timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token["token"]!);
        return new Tenant(client, (string)project["id"]!);
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
    }
}

/// <summary>Rows added by SQL in the schema the server made: numbered rows from..to-1.</summary>
internal static class Fill
{
    /// <summary>A group document of three rules, the typical before/after of an audit event.</summary>
    private const string Group =
        """{"id":"g","project_id":"p","name":"web","description":"bench","stateful":true,"rules":[{"id":"r1","direction":"ingress","ethertype":"IPv4","protocol":"tcp","port_range_min":443,"port_range_max":443,"remote_ip_prefix":"0.0.0.0/0"},{"id":"r2","direction":"egress","ethertype":"IPv4"},{"id":"r3","direction":"egress","ethertype":"IPv6"}],"revision_number":7}""";

    private const string At = "2026-12-05T00:00:00+00:00";

    public static Task RoleBindingsAsync(DbConnection connection, string engine, bool typed, int from, int to) =>
        (engine, typed) switch
        {
            ("sqlite", true) => ExecuteAsync(connection, Numbers(engine) + """
                INSERT INTO principals (id, name, revision_number) SELECT 'bench-u' || i, 'bench-u' || i, 0 FROM n;
                """ + Numbers(engine) + """
                INSERT INTO role_bindings (id, principal_id, role, project_id, revision_number) SELECT 'bench-rb' || i, 'bench-u' || i, 'reader', 'bench-p' || (i % 100), 0 FROM n;
                """, from, to),
            ("sqlite", false) => ExecuteAsync(connection, Numbers(engine) + """
                INSERT INTO resources (kind, id, project_id, revision, body, created_at, updated_at)
                SELECT 'principal', 'bench-u' || i, NULL, 1, json_object('id', 'bench-u' || i, 'name', 'bench-u' || i, 'revision_number', 0), @at, @at FROM n;
                """ + Numbers(engine) + """
                INSERT INTO resources (kind, id, project_id, revision, body, created_at, updated_at)
                SELECT 'role_binding', 'bench-rb' || i, 'bench-p' || (i % 100), 1,
                       json_object('id', 'bench-rb' || i, 'principal_id', 'bench-u' || i, 'role', 'reader', 'project_id', 'bench-p' || (i % 100), 'revision_number', 0), @at, @at FROM n;
                """, from, to),
            ("postgres", true) => ExecuteAsync(connection, """
                INSERT INTO principals (id, name, revision_number) SELECT 'bench-u' || i, 'bench-u' || i, 0 FROM generate_series(@from, @to - 1) AS i;
                INSERT INTO role_bindings (id, principal_id, role, project_id, revision_number)
                SELECT 'bench-rb' || i, 'bench-u' || i, 'reader', 'bench-p' || (i % 100), 0 FROM generate_series(@from, @to - 1) AS i;
                """, from, to),
            _ => ExecuteAsync(connection, """
                INSERT INTO resources (kind, id, project_id, revision, body, created_at, updated_at)
                SELECT 'principal', 'bench-u' || i, NULL, 1, json_build_object('id', 'bench-u' || i, 'name', 'bench-u' || i, 'revision_number', 0)::text, @at, @at
                FROM generate_series(@from, @to - 1) AS i;
                INSERT INTO resources (kind, id, project_id, revision, body, created_at, updated_at)
                SELECT 'role_binding', 'bench-rb' || i, 'bench-p' || (i % 100), 1,
                       json_build_object('id', 'bench-rb' || i, 'principal_id', 'bench-u' || i, 'role', 'reader', 'project_id', 'bench-p' || (i % 100), 'revision_number', 0)::text, @at, @at
                FROM generate_series(@from, @to - 1) AS i;
                """, from, to),
        };

    /// <summary>Events newer than the server's own (revision 10,000,000 on), one in a hundred in the tenant's project.</summary>
    public static Task AuditEventsAsync(DbConnection connection, string engine, bool typed, string tenantProject, int from, int to) =>
        (engine, typed) switch
        {
            ("sqlite", true) => ExecuteAsync(connection, Numbers(engine) + """
                INSERT INTO audit_events (id, revision, at, actor, action, resource_kind, resource_id, project_id, request_id, before_json, after_json)
                SELECT printf('%016d-0000', 10000000 + i), 10000000 + i, @at, 'admin', 'security_group.update', 'security_group', 'g' || (i % 1000),
                       CASE WHEN i % 100 = 0 THEN @tenant ELSE 'bench-p' || (i % 100) END, 'bench', @doc, @doc FROM n;
                """, from, to, tenantProject),
            ("sqlite", false) => ExecuteAsync(connection, Numbers(engine) + """
                INSERT INTO resources (kind, id, project_id, revision, body, created_at, updated_at)
                SELECT 'audit_event', e.id, e.project, e.revision,
                       json_object('id', e.id, 'at', @at, 'actor', 'admin', 'action', 'security_group.update', 'resource_kind', 'security_group',
                                   'resource_id', 'g' || (e.revision % 1000), 'project_id', e.project, 'before', json(@doc), 'after', json(@doc),
                                   'request_id', 'bench', 'revision', e.revision), @at, @at
                FROM (SELECT printf('%016d-0000', 10000000 + i) AS id, 10000000 + i AS revision,
                             CASE WHEN i % 100 = 0 THEN @tenant ELSE 'bench-p' || (i % 100) END AS project FROM n) AS e;
                """, from, to, tenantProject),
            ("postgres", true) => ExecuteAsync(connection, """
                INSERT INTO audit_events (id, revision, at, actor, action, resource_kind, resource_id, project_id, request_id, before_json, after_json)
                SELECT lpad((10000000 + i)::text, 16, '0') || '-0000', 10000000 + i, @at, 'admin', 'security_group.update', 'security_group', 'g' || (i % 1000),
                       CASE WHEN i % 100 = 0 THEN @tenant ELSE 'bench-p' || (i % 100) END, 'bench', @doc, @doc
                FROM generate_series(@from, @to - 1) AS i;
                """, from, to, tenantProject),
            _ => ExecuteAsync(connection, """
                INSERT INTO resources (kind, id, project_id, revision, body, created_at, updated_at)
                SELECT 'audit_event', e.id, e.project, e.revision,
                       json_build_object('id', e.id, 'at', @at, 'actor', 'admin', 'action', 'security_group.update', 'resource_kind', 'security_group',
                                         'resource_id', 'g' || (e.revision % 1000), 'project_id', e.project, 'before', @doc::json, 'after', @doc::json,
                                         'request_id', 'bench', 'revision', e.revision)::text, @at, @at
                FROM (SELECT lpad((10000000 + i)::text, 16, '0') || '-0000' AS id, 10000000 + i AS revision,
                             CASE WHEN i % 100 = 0 THEN @tenant ELSE 'bench-p' || (i % 100) END AS project FROM generate_series(@from, @to - 1) AS i) AS e;
                """, from, to, tenantProject),
        };

    private static string Numbers(string engine) => "WITH RECURSIVE n(i) AS (SELECT @from UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @to) ";

    private static async Task ExecuteAsync(DbConnection connection, string sql, int from, int to, string? tenant = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 3600;
        foreach (var (name, value) in new (string, object)[] { ("from", from), ("to", to), ("at", At), ("doc", Group), ("tenant", tenant ?? "") })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A fresh SQLite file or PostgreSQL database, dropped afterwards.</summary>
internal sealed class BenchStore(string engine, string location, string? adminConnection) : IAsyncDisposable
{
    public string ServerArgument => engine == "sqlite" ? $"--Palisade:Database={location}" : $"--Palisade:Postgres={location}";

    public static async Task<BenchStore> CreateAsync(string engine, string? adminConnection)
    {
        if (engine == "sqlite")
        {
            return new BenchStore(engine, Path.Combine(Directory.CreateTempSubdirectory("palisade-storebench-").FullName, "palisade.db"), null);
        }

        var database = "palisade_bench_" + Guid.NewGuid().ToString("N")[..12];
        await AdminAsync(adminConnection!, $"CREATE DATABASE {database}");
        return new BenchStore(engine, new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ToString(), adminConnection);
    }

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = engine == "sqlite" ? new SqliteConnection($"Data Source={location};Default Timeout=60") : new NpgsqlConnection(location);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<bool> HasTableAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = engine == "sqlite"
            ? $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
            : $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (engine == "sqlite")
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(location)!, recursive: true);
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await AdminAsync(adminConnection!, $"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(location).Database} WITH (FORCE)");
    }

    private static async Task AdminAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>One build of the server as its own process on a free loopback port, with an admin client.</summary>
internal sealed class ServerProcess(Process process, HttpClient admin) : IAsyncDisposable
{
    private const string Token = "bench-admin-token";

    public HttpClient Admin { get; } = admin;

    public static async Task<ServerProcess> StartAsync(string dll, string storeArgument)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { dll, $"--Palisade:Urls={url}", storeArgument, $"--PALISADE_ADMIN_TOKEN={Token}", "--Logging:LogLevel:Default=Warning" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var admin = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(10) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            try
            {
                if ((await admin.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return new ServerProcess(process, admin);
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"{dll} did not answer /healthz within 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
