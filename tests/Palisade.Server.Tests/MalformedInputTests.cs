using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests;

/// <summary>
/// Thousands of generated bad requests to every endpoint: wrong types, missing and unknown fields,
/// huge strings, invalid addresses and ports, broken JSON, wrong content types, garbage ids and
/// query values. Every answer must be a 4xx problem detail, and the store must be unchanged.
/// The generator is seeded, so a failure names a request that can be replayed. The same for the
/// four compatible dialects, and byte-level mutations of valid requests to every API, are in
/// MalformedInput/ (DialectFuzzTests, and MalformedRequestRefusalTests for each case found).
/// </summary>
public abstract class MalformedInputTests(ServerFixture server)
{
    private const int Seed = 20261126;

    /// <summary>A body field: a valid value, and values sure to be refused.</summary>
    private sealed record Field(string Name, JsonNode Valid, bool Required, params JsonNode?[] Invalid);

    private sealed record Endpoint(string Method, string Path, params Field[] Fields);

    private sealed record BadRequest(string Method, string Path, string? Body, string ContentType, string Why);

    [Fact]
    public async Task Every_generated_bad_request_is_a_4xx_problem_and_changes_nothing()
    {
        var ids = await MakeResourcesAsync();
        var requests = Generate(ids, new Random(Seed)).ToList();
        var before = await server.RevisionAsync();
        var failures = new List<string>();

        foreach (var request in requests)
        {
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
            if (request.Body is not null)
            {
                message.Content = new StringContent(request.Body, Encoding.UTF8);
                message.Content.Headers.ContentType = request.ContentType.Length == 0 ? null : MediaTypeHeaderValue.Parse(request.ContentType);
            }

            using var response = await server.Client.SendAsync(message);
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var problem = mediaType == "application/problem+json" || RefusedByKestrel(request.Path);
            if (status is < 400 or > 499 || !problem)
            {
                failures.Add($"{request.Method} {Shorten(request.Path)} [{request.Why}] {Shorten(request.Body)} -> {status} {mediaType} {Shorten(await response.Content.ReadAsStringAsync())}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} bad requests were not 4xx problems:\n{string.Join('\n', failures.Take(30))}");
        Assert.True(requests.Count >= 2000, $"only {requests.Count} requests generated");
        Assert.Equal(before, await server.RevisionAsync());
    }

    private async Task<Dictionary<string, string>> MakeResourcesAsync()
    {
        var project = await server.NewProjectAsync();
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId });
        var rules = await server.GetAsync($"/api/v1/security-groups/{project.DefaultGroupId}/rules");
        var binding = await server.PostAsync("/api/v1/bindings", new { group_id = project.DefaultGroupId, scope = "instance", target_id = "vm-fuzz" });
        var policy = await server.PostAsync("/api/v1/platform-policies", new { name = "fuzz", cidrs = new[] { "192.0.2.0/24" } });
        var principal = await server.PostAsync("/api/v1/principals", new { name = "fuzz-" + Guid.NewGuid().ToString("N")[..6] });
        return new()
        {
            ["project"] = project.Id,
            ["group"] = project.DefaultGroupId,
            ["rule"] = (string)rules[0]!["id"]!,
            ["network"] = project.NetworkId,
            ["subnet"] = project.SubnetId,
            ["port"] = (string)port["id"]!,
            ["binding"] = (string)binding["id"]!,
            ["policy"] = (string)policy["id"]!,
            ["principal"] = (string)principal["id"]!,
        };
    }

    private static IEnumerable<Endpoint> Endpoints(Dictionary<string, string> ids)
    {
        JsonNode?[] wrongString = [5, true, new JsonArray(), new JsonObject(), 1.5];
        JsonNode?[] wrongInt = ["5", true, 1.5, new JsonArray(), new JsonObject(), 99999999999999999999.0];
        JsonNode?[] wrongBool = ["true", 1, new JsonArray(), new JsonObject()];
        JsonNode?[] wrongList = ["x", 5, new JsonObject(), new JsonArray(5, true)];
        JsonNode?[] With(JsonNode?[] wrong, params JsonNode?[] more) => [.. wrong, .. more];
        var huge = new string('x', 100_000);
        var missing = "00000000-0000-0000-0000-000000000000";
        JsonNode Name() => "n" + Guid.NewGuid().ToString("N")[..8];

        yield return new("POST", "/api/v1/projects",
            new("name", Name(), true, With(wrongString, huge, "", "   ")),
            new("groups_managed_by", "project", false, With(wrongString, "tenant", "")));
        yield return new("POST", "/api/v1/security-groups",
            new("project_id", ids["project"], true, With(wrongString, missing, huge)),
            new("name", Name(), true, With(wrongString, huge, "", "default")),
            new("description", "d", false, With(wrongString, huge)),
            new("status", "enabled", false, With(wrongString, "on", "")),
            new("stateful", true, false, wrongBool));
        yield return new("PATCH", $"/api/v1/security-groups/{ids["group"]}",
            new("name", "renamed", false, With(wrongString, huge, "", "other-name")),
            new("description", "d", false, With(wrongString, huge)),
            new("status", "disabled", false, With(wrongString, "off")),
            new("stateful", false, false, wrongBool));
        yield return new("POST", $"/api/v1/security-groups/{ids["group"]}/rules",
            new("direction", "ingress", true, With(wrongString, "inbound", "", "INGRESS ")),
            new("ethertype", "IPv4", false, With(wrongString, "IPv5", "ip")),
            new("protocol", "tcp", false, With(wrongString, "tcpx", "256", "-1", huge)),
            new("port_range_min", 1000, false, With(wrongInt, 0, -1, 65536, 2000)),
            new("port_range_max", 1001, false, With(wrongInt, 65536, -5, 999)),
            new("remote_ip_prefix", "198.18.0.0/16", false, With(wrongString, "300.1.1.1/8", "198.18.0.0/33", "2001:db8::/64", "not-an-ip", huge)),
            new("remote_group_id", null!, false, With(wrongString, missing)),
            new("description", "d", false, With(wrongString, huge)),
            new("log", false, false, wrongBool));
        yield return new("PUT", $"/api/v1/security-groups/{ids["group"]}/rules/{ids["rule"]}",
            new("direction", "ingress", true, With(wrongString, "inbound", "", "INGRESS ")),
            new("ethertype", "IPv4", false, With(wrongString, "IPv5", "ip")),
            new("protocol", "tcp", false, With(wrongString, "tcpx", "256", "-1", huge)),
            new("port_range_min", 1000, false, With(wrongInt, 0, -1, 65536, 2000)),
            new("port_range_max", 1001, false, With(wrongInt, 65536, -5, 999)),
            new("remote_ip_prefix", "198.18.0.0/16", false, With(wrongString, "300.1.1.1/8", "198.18.0.0/33", "2001:db8::/64", "not-an-ip", huge)),
            new("remote_group_id", null!, false, With(wrongString, missing)),
            new("description", "d", false, With(wrongString, huge)),
            new("log", false, false, wrongBool));
        yield return new("POST", "/api/v1/networks",
            new("project_id", ids["project"], true, With(wrongString, missing)),
            new("name", "net", false, With(wrongString, huge)));
        yield return new("POST", "/api/v1/subnets",
            new("network_id", ids["network"], true, With(wrongString, missing)),
            new("cidr", "198.19.200.0/24", true, With(wrongString, "198.19.200.0", "198.19.200.0/40", "x/24", "")),
            new("intra_subnet_allowed", true, false, wrongBool));
        yield return new("POST", "/api/v1/ports",
            new("project_id", ids["project"], true, With(wrongString, missing)),
            new("network_id", ids["network"], true, With(wrongString, missing)),
            new("fixed_ips", new JsonArray(), false, With(wrongList, new JsonArray(new JsonObject { ["subnet_id"] = ids["subnet"], ["ip_address"] = "10.0.0.1" }), new JsonArray(new JsonObject { ["subnet_id"] = missing, ["ip_address"] = "198.18.0.1" }))),
            new("mac_address", "fa:16:3e:00:00:01", false, With(wrongString, "fa:16:3e", "zz:zz:zz:zz:zz:zz", huge)),
            new("instance_id", "vm", false, With(wrongString, huge, "")),
            new("host", "h1", false, With(wrongString, huge, "")),
            new("phase", "running", false, With(wrongString, "started")),
            new("port_security_enabled", true, false, wrongBool),
            new("allowed_address_pairs", new JsonArray(), false, With(wrongList, new JsonArray(new JsonObject { ["ip_address"] = "not-an-ip" }))),
            new("security_groups", new JsonArray(), false, With(wrongList, new JsonArray(missing), new JsonArray(ids["group"], ids["group"]))));
        yield return new("PUT", $"/api/v1/ports/{ids["port"]}/security-groups",
            new Field("security_groups", new JsonArray(ids["group"]), true, With(wrongList, new JsonArray(missing), new JsonArray(ids["group"], ids["group"]))));
        yield return new("POST", "/api/v1/bindings",
            new("group_id", ids["group"], true, With(wrongString, missing)),
            new("scope", "instance", true, With(wrongString, "port", "")),
            new("target_id", "vm-other", false, With(wrongString, huge)),
            new("phase", "running", false, With(wrongString, "booting")));
        yield return new("POST", "/api/v1/platform-policies",
            new("name", Name(), true, With(wrongString, huge, "")),
            new("cidrs", new JsonArray("203.0.113.0/24"), false, With(wrongList, new JsonArray("300.0.0.0/8"))),
            new("direction", "ingress", false, With(wrongString, "both")),
            new("protocol", "udp", false, With(wrongString, "bogus")),
            new("port_range_min", 53, false, With(wrongInt, 0, 70000)),
            new("port_range_max", 53, false, With(wrongInt, 70000, 1)),
            new("enabled", true, false, wrongBool));
        yield return new("POST", "/api/v1/explain",
            new("port_id", ids["port"], true, With(wrongString, missing)),
            new("direction", "ingress", true, With(wrongString, "in")),
            new("ethertype", "IPv4", false, With(wrongString, "IPv6")),
            new("protocol", "tcp", true, With(wrongString, "any", "nope")),
            new("remote_ip_address", "198.18.3.4", true, With(wrongString, "198.18.3.4/24", "x")),
            new("port", 22, false, With(wrongInt, -1, 65536)),
            new("icmp_type", 0, false, With(wrongInt, 256)),
            new("icmp_code", 0, false, With(wrongInt, -1)),
            new("local_ip_address", "198.18.0.1", false, With(wrongString, "nope")));
        yield return new("POST", "/api/v1/principals",
            new Field("name", Name(), true, With(wrongString, huge, "", "admin")));
        yield return new("POST", "/api/v1/tokens",
            new("principal_id", ids["principal"], true, With(wrongString, missing)),
            new("description", "d", false, With(wrongString, huge)));
        yield return new("POST", "/api/v1/role-bindings",
            new("principal_id", ids["principal"], true, With(wrongString, missing)),
            new("role", "member", true, With(wrongString, "owner")),
            new("project_id", ids["project"], true, With(wrongString, missing)));
        yield return new("PUT", "/api/v1/hosts/h-fuzz/status",
            new("applied_revision", 1, true, With(wrongInt, -1)),
            new("enforced_ports", new JsonArray(ids["port"]), true, With(wrongList, new JsonArray(""))),
            new("counters", new JsonArray(), true, With(wrongList, new JsonArray(new JsonObject { ["rule_id"] = ids["rule"], ["packets"] = -1, ["bytes"] = 0 }))),
            new("drift_repairs", 0, false, With(wrongInt, -1)),
            new("error", "e", false, With(wrongString, huge)));
        yield return new("PUT", $"/api/v1/quotas/{ids["project"]}",
            new("security_groups", 20, false, With(wrongInt, -2)),
            new("rules_per_group", 200, false, With(wrongInt, -3)),
            new("groups_per_port", 6, false, With(wrongInt, -4)));
    }

    private static IEnumerable<BadRequest> Generate(Dictionary<string, string> ids, Random random)
    {
        foreach (var endpoint in Endpoints(ids))
        {
            var valid = new JsonObject();
            foreach (var field in endpoint.Fields.Where(f => f.Valid is not null))
            {
                valid[field.Name] = field.Valid.DeepClone();
            }

            var text = valid.ToJsonString();
            foreach (var field in endpoint.Fields)
            {
                foreach (var value in field.Invalid)
                {
                    var body = (JsonObject)valid.DeepClone();
                    body[field.Name] = value?.DeepClone();
                    yield return Json(endpoint, body.ToJsonString(), $"{field.Name} invalid");

                    // The same bad value inside a batch of rules, where the rules endpoint takes them.
                    if (endpoint.Path.EndsWith("/rules", StringComparison.Ordinal))
                    {
                        yield return Json(endpoint, new JsonObject { ["rules"] = new JsonArray(valid.DeepClone(), body.DeepClone()) }.ToJsonString(), $"rules[1].{field.Name} invalid");
                    }
                }

                if (field.Required)
                {
                    var body = (JsonObject)valid.DeepClone();
                    body.Remove(field.Name);
                    yield return Json(endpoint, body.ToJsonString(), $"{field.Name} missing");
                    body[field.Name] = null;
                    yield return Json(endpoint, body.ToJsonString(), $"{field.Name} null");
                }
            }

            // Every field given twice, the copy first: System.Text.Json would let the last one win.
            foreach (var (name, value) in valid)
            {
                yield return Json(endpoint, $"{{\"{name}\":{value?.ToJsonString() ?? "null"},{text[1..]}", $"{name} twice");
            }

            var unknown = (JsonObject)valid.DeepClone();
            unknown["colour"] = "red";
            yield return Json(endpoint, unknown.ToJsonString(), "unknown field");
            foreach (var top in new[] { "[]", "null", "\"text\"", "42", "true", "", "{}{}", "{\"a\":1,}", "{'name':'x'}" })
            {
                yield return Json(endpoint, top, "not an object");
            }

            for (var i = 0; i < 60; i++)
            {
                yield return Json(endpoint, text[..random.Next(1, text.Length)], "truncated JSON");
            }

            for (var i = 0; i < 20; i++)
            {
                var bytes = new char[random.Next(1, 200)];
                for (var j = 0; j < bytes.Length; j++)
                {
                    bytes[j] = (char)random.Next(1, 0x3000);
                }

                yield return Json(endpoint, "{" + new string(bytes), "garbage after {");
            }

            foreach (var type in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "" })
            {
                yield return new(endpoint.Method, endpoint.Path, text, type, $"content type '{type}'");
            }
        }

        foreach (var bad in BadIds(random))
        {
            foreach (var path in new[] { "projects/{0}", "security-groups/{0}", "security-groups/{0}/rules", "ports/{0}", "quotas/{0}", "principals/{0}" })
            {
                yield return new("GET", "/api/v1/" + string.Format(System.Globalization.CultureInfo.InvariantCulture, path, bad), null, "", "unknown id");
            }

            foreach (var path in new[] { "projects/{0}", "security-groups/{0}", $"security-groups/{ids["group"]}/rules/{{0}}", "ports/{0}", "bindings/{0}", "platform-policies/{0}", "principals/{0}", "tokens/{0}", "role-bindings/{0}" })
            {
                yield return new("DELETE", "/api/v1/" + string.Format(System.Globalization.CultureInfo.InvariantCulture, path, bad), null, "", "unknown id");
            }
        }

        var lists = new[] { "projects", "security-groups", $"security-groups/{ids["group"]}/rules", "networks", "subnets", "ports", "bindings", "audit-events", "principals", "tokens", "role-bindings" };
        foreach (var list in lists)
        {
            foreach (var query in new[] { "limit=0", "limit=-1", "limit=abc", "limit=1001", "limit=99999999999", "limit=1.5", "sort=colour", "sort=-", "sort=name&cursor=%21%21" })
            {
                yield return new("GET", $"/api/v1/{list}?{query}", null, "", "bad query");
            }
        }

        foreach (var query in new[] { "since=-1", "since=abc", "since=0&wait=forever", "since=0&wait=-1s", "since=0&wait=10h", "since=0&wait=1e9" })
        {
            yield return new("GET", $"/api/v1/hosts/h1/policy?{query}", null, "", "bad feed query");
        }

        foreach (var (method, path) in new[] { ("PUT", "/api/v1/projects"), ("DELETE", "/api/v1/security-groups"), ("PATCH", "/api/v1/ports/" + ids["port"]), ("POST", "/api/v1/audit-events") })
        {
            yield return new(method, path, "{}", "application/json", "method not allowed");
        }
    }

    private static IEnumerable<string> BadIds(Random random)
    {
        yield return Uri.EscapeDataString("../../etc/passwd");
        yield return Uri.EscapeDataString("' OR 1=1 --");
        yield return Uri.EscapeDataString("\"; DROP TABLE resources; --");
        yield return "%00";
        yield return Uri.EscapeDataString("\u00e9\u4e2d\ud83d\ude00");
        yield return new string('a', 2000);
        yield return "00000000-0000-0000-0000-000000000000";
        for (var i = 0; i < 8; i++)
        {
            var chars = new char[random.Next(1, 64)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = (char)random.Next(0x21, 0x7f);
            }

            yield return Uri.EscapeDataString(new string(chars));
        }
    }

    /// <summary>
    /// Kestrel refuses a path with an encoded NUL (400, no body) before any middleware runs, so no
    /// problem detail can be written for it; it is still a 4xx that changes nothing.
    /// </summary>
    private static bool RefusedByKestrel(string path) => path.Contains("%00", StringComparison.Ordinal);

    private static BadRequest Json(Endpoint endpoint, string body, string why) => new(endpoint.Method, endpoint.Path, body, "application/json", why);

    private static string Shorten(string? text) => text is null ? "" : text.Length > 200 ? text[..200] + "…" : text;
}

public sealed class MalformedInputTestsOnSqlite(SqliteServerFixture server) : MalformedInputTests(server), IClassFixture<SqliteServerFixture>;

public sealed class MalformedInputTestsOnPostgres(PostgresServerFixture server) : MalformedInputTests(server), IClassFixture<PostgresServerFixture>;
