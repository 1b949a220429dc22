using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Palisade.Server.Tests;

/// <summary>
/// Malformed requests to every API (native, and the Neutron, Cloud Foundry, Keystone and CloudStack
/// dialects), generated from valid ones by a seeded
/// generator (<see cref="JsonMutations"/> for bodies; paths, methods, queries and CloudStack's
/// parameters here): no answer may be a 5xx and the store's revision must not move. Every write
/// the generator starts from is refused late even when sent as is (over quota, a stale If-Match,
/// a taken name, a wrong password, another project), so a mutation cannot turn it into a change.
/// A failure prints the seed and each offending request, which the same seed generates again.
/// </summary>
public abstract class DialectFuzzTests(ServerFixture server, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The fixed seed, or PALISADE_FUZZ_SEED to explore others (a failure names the seed to set).</summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("PALISADE_FUZZ_SEED"), out var chosen) ? chosen : 20261205;
    private const int RequestsPerDialect = 5000;

    private static readonly string[] OddMethods = ["OPTIONS", "TRACE", "PROPFIND", "FOO", "PURGE", "LINK", "COPY", "PATCH", "PUT", "DELETE", "POST"];

    private static readonly string[] OddSegments =
    [
        "%01", "%0A", "%7F", "%FF", "%C3%28", "%ED%A0%80", new string('a', 3000), "..", "%2e%2e", "%2F", "a%20b", "%F0%9F%99%82", "%25", "-1",
        "99999999999999999999", "00000000-0000-0000-0000-000000000000", "%E2%80%8B", "null", "%22%27%3B", "x;y", "%5Cu0000",
    ];

    private static readonly string[] OddQueryValues =
    [
        "%00", "%01", "%0A", "%FF", "%ED%A0%80", "%C3%28", new string('x', 5000), "-1", "0", "1e400", "99999999999999999999", "", "%", "%ZZ", "a%00b",
        "true", "[]", "%7B%7D", "*", "%2C%2C", "asc", "name", "1.5",
    ];

    private Setup setup = null!;

    /// <summary>What the generated requests refer to: made through the native API before the revision is read.</summary>
    private sealed record Setup(TestProject Project, TestProject Other, string Group, string OtherGroup, string Port, string GroupName, TestPrincipal Member, TestPrincipal Reader, string ApiKey, string Secret, string CfGroup, string CfGroupName, string Space);

    private sealed record Template(string Method, string Path, string? Json, bool Write, Dictionary<string, string>? Headers = null);

    public async Task InitializeAsync()
    {
        var project = await server.NewProjectAsync();
        var other = await server.NewProjectAsync();
        var group = await server.PostAsync("/api/v1/security-groups", new { project_id = project.Id, name = "fuzz-" + Guid.NewGuid().ToString("N")[..6] });
        var otherGroup = await server.PostAsync("/api/v1/security-groups", new { project_id = other.Id, name = "other-" + Guid.NewGuid().ToString("N")[..6] });
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, instance_id = "vm-fuzz", security_groups = new[] { project.DefaultGroupId } });
        // A limit below use keeps what exists and refuses more: every create and add is refused late.
        await server.SendAsync(HttpMethod.Put, $"/api/v1/quotas/{project.Id}", new { security_groups = 0, rules_per_group = 0, groups_per_port = 0 }, 200);
        var member = await server.NewPrincipalAsync(project.Id, "member");
        var reader = await server.NewPrincipalAsync(project.Id, "reader");
        var keys = await server.PostAsync($"/api/v1/principals/{member.Id}/api-keys", new { });
        var space = await server.NewProjectAsync("platform");
        var cfName = "asg-" + Guid.NewGuid().ToString("N")[..6];
        using var cf = new HttpRequestMessage(HttpMethod.Post, "/v3/security_groups") { Content = new StringContent("{\"name\":\"" + cfName + "\",\"rules\":[{\"protocol\":\"tcp\",\"destination\":\"10.0.0.0/8\",\"ports\":\"443\"}]}", Encoding.UTF8, "application/json") };
        using var created = await server.Client.SendAsync(cf);
        var cfGroup = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        setup = new Setup(project, other, (string)group["id"]!, (string)otherGroup["id"]!, (string)port["id"]!, (string)group["name"]!, member, reader,
            (string)keys["api_key"]!, (string)keys["secret_key"]!, (string)cfGroup["guid"]!, cfName, space.Id);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public Task The_native_API_answers_no_generated_bad_request_with_a_5xx_and_changes_nothing() => RunAsync("native", NativeRequests, cloudStackCodes: false);

    [Fact]
    public Task Neutron_answers_no_generated_bad_request_with_a_5xx_and_changes_nothing() => RunAsync("neutron", NeutronRequests, cloudStackCodes: false);

    [Fact]
    public Task Cloud_Foundry_answers_no_generated_bad_request_with_a_5xx_and_changes_nothing() => RunAsync("cf", CloudFoundryRequests, cloudStackCodes: false);

    [Fact]
    public Task Keystone_answers_no_generated_bad_request_with_a_5xx_and_changes_nothing() => RunAsync("keystone", KeystoneRequests, cloudStackCodes: false);

    [Fact]
    public Task CloudStack_answers_no_generated_bad_request_with_a_5xx_and_changes_nothing() => RunAsync("cloudstack", CloudStackCalls, cloudStackCodes: true);

    /// <param name="cloudStackCodes">
    /// CloudStack answers with its errorcode as the HTTP status, and three of its codes are 5xx: 530
    /// (a failed command), 531 (not permitted) and 536 (a resource in use). Those, with that errorcode
    /// in the body, are CloudStack's refusals; any other 5xx is a failure.
    /// </param>
    private async Task RunAsync(string dialect, Func<Random, IEnumerable<FuzzRequest>> generate, bool cloudStackCodes)
    {
        var seed = Seed + dialect.Length;
        var requests = generate(new Random(seed)).Take(RequestsPerDialect).ToList();
        var before = await server.RevisionAsync();
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            using var message = request.ToMessage();
            using var response = await server.Client.SendAsync(message);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var text = await response.Content.ReadAsStringAsync();
            var refusedByCloudStack = cloudStackCodes && status is (530 or 531 or 536) && text.Contains($"\"errorcode\":{status},", StringComparison.Ordinal);
            if ((status >= 500 && !refusedByCloudStack) || (request.Write && status < 400))
            {
                failures.Add($"#{i} {request} -> {status} {Cut(text)}");
            }
        }

        output.WriteLine($"{dialect}: {requests.Count} requests in {clock.Elapsed.TotalSeconds:F1} s (seed {seed}); answers: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} of {requests.Count} {dialect} requests answered 5xx or were accepted:\n{string.Join('\n', failures.Take(30))}");
        Assert.Equal(RequestsPerDialect, requests.Count);
        Assert.Equal(before, await server.RevisionAsync());
    }

    private IEnumerable<FuzzRequest> NativeRequests(Random random)
    {
        var s = setup;
        var stale = new Dictionary<string, string> { ["If-Match"] = "999999" };
        var missing = "00000000-0000-0000-0000-000000000000";
        Template[] templates =
        [
            new("POST", "/api/v1/security-groups", "{\"project_id\":\"" + s.Project.Id + "\",\"name\":\"web\",\"description\":\"d\",\"status\":\"enabled\",\"stateful\":true}", true),
            new("PATCH", $"/api/v1/security-groups/{s.Group}", """{"name":"renamed","description":"d","status":"disabled","stateful":false}""", true, stale),
            new("POST", $"/api/v1/security-groups/{s.Group}/rules", """{"direction":"ingress","ethertype":"IPv4","protocol":"tcp","port_range_min":80,"port_range_max":90,"remote_ip_prefix":"198.18.0.0/16","description":"d","log":false}""", true, stale),
            new("POST", $"/api/v1/security-groups/{s.Group}/rules", """{"rules":[{"direction":"egress","protocol":"udp","port_range_min":53,"port_range_max":53},{"direction":"ingress","protocol":"icmp"}]}""", true, stale),
            new("PUT", $"/api/v1/ports/{s.Port}/security-groups", "{\"security_groups\":[\"" + s.Group + "\"]}", true, stale),
            new("POST", "/api/v1/bindings", "{\"group_id\":\"" + missing + "\",\"scope\":\"instance\",\"target_id\":\"vm\",\"phase\":\"running\"}", true),
            new("DELETE", $"/api/v1/security-groups/{missing}", null, true),
            new("POST", "/api/v1/explain", "{\"port_id\":\"" + s.Port + "\",\"direction\":\"ingress\",\"protocol\":\"tcp\",\"remote_ip_address\":\"198.18.3.4\",\"port\":22}", false),
            new("GET", $"/api/v1/security-groups?project_id={s.Project.Id}&limit=5&sort=name", null, false),
            new("GET", $"/api/v1/ports/{s.Port}", null, false),
            new("GET", "/api/v1/audit-events?limit=2", null, false),
        ];
        var auth = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ServerFixture.AdminToken };
        return Mutated(templates, auth, "/api/v1/", ["project_id", "limit", "sort", "cursor", "name", "kind", "since"], random);
    }

    private IEnumerable<FuzzRequest> NeutronRequests(Random random)
    {
        var s = setup;
        var stale = new Dictionary<string, string> { ["If-Match"] = "revision_number=999999" };
        var missing = "00000000-0000-0000-0000-000000000000";
        Template[] templates =
        [
            new("POST", "/v2.0/security-groups", """{"security_group":{"name":"web","description":"d","stateful":true}}""", true),
            new("POST", "/v2.0/security-groups", """{"security_groups":[{"name":"a"},{"name":"b","stateful":false}]}""", true),
            new("POST", "/v2.0/security-group-rules", "{\"security_group_rule\":{\"security_group_id\":\"" + s.Group + "\",\"direction\":\"ingress\",\"ethertype\":\"IPv4\",\"protocol\":\"tcp\",\"port_range_min\":80,\"port_range_max\":90,\"remote_ip_prefix\":\"198.18.0.0/16\",\"description\":\"d\"}}", true),
            new("POST", "/v2.0/security-group-rules", "{\"security_group_rules\":[{\"security_group_id\":\"" + s.Group + "\",\"direction\":\"egress\",\"protocol\":\"icmp\",\"port_range_min\":8,\"port_range_max\":0,\"remote_group_id\":\"" + s.Project.DefaultGroupId + "\"}]}", true),
            new("PUT", $"/v2.0/security-groups/{s.Group}", """{"security_group":{"name":"renamed","description":"x","stateful":false}}""", true, stale),
            new("PUT", $"/v2.0/ports/{s.Port}", "{\"port\":{\"security_groups\":[\"" + s.Group + "\"],\"port_security_enabled\":true,\"allowed_address_pairs\":[{\"ip_address\":\"198.18.9.9\",\"mac_address\":\"fa:16:3e:00:00:09\"}]}}", true, stale),
            new("PUT", $"/v2.0/quotas/{s.Project.Id}", """{"quota":{"security_group":50,"security_group_rule":500}}""", true),
            new("PUT", $"/v2.0/security-groups/{missing}/tags", """{"tags":["a","b"]}""", true),
            // As a reader: with or without its project_id, the create is refused after the body is read.
            new("POST", "/v2.0/address-groups", "{\"address_group\":{\"name\":\"ag\",\"addresses\":[\"198.18.0.0/24\"],\"project_id\":\"" + s.Project.Id + "\"}}", true, new() { ["X-Auth-Token"] = s.Reader.Token }),
            new("PUT", $"/v2.0/address-groups/{missing}/add_addresses", """{"addresses":["198.18.1.0/24"]}""", true),
            new("POST", "/v2.0/default-security-group-rules", """{"default_security_group_rule":{"direction":"ingress","ethertype":"IPv4","protocol":"tcp","port_range_min":22,"port_range_max":22,"used_in_default_sg":true}}""", true),
            new("DELETE", $"/v2.0/security-groups/{missing}", null, true),
            new("GET", "/v2.0/security-groups?limit=2&sort_key=name&sort_dir=asc", null, false),
            new("GET", $"/v2.0/security-group-rules?security_group_id={s.Group}", null, false),
            new("GET", $"/v2.0/ports/{s.Port}", null, false),
            new("GET", $"/v2.0/security-groups/{s.Group}", null, false),
            new("GET", "/v2.0/ports?fields=id&fields=security_groups", null, false),
            new("GET", $"/v2.0/quotas/{s.Project.Id}", null, false),
            new("GET", "/v2.0/address-groups", null, false),
        ];
        var auth = new Dictionary<string, string> { ["X-Auth-Token"] = s.Member.Token };
        return Mutated(templates, auth, "/v2.0/", ["project_id", "name", "id", "limit", "marker", "sort_key", "sort_dir", "fields", "security_group_id", "tags", "device_id"], random);
    }

    private IEnumerable<FuzzRequest> CloudFoundryRequests(Random random)
    {
        var s = setup;
        var missing = "00000000-0000-0000-0000-000000000000";
        Template[] templates =
        [
            // Refused twice over, by a taken name and a space that does not exist, so that no one mutation can make it valid.
            new("POST", "/v3/security_groups", "{\"name\":\"" + s.CfGroupName + "\",\"globally_enabled\":{\"running\":true,\"staging\":false},\"rules\":[{\"protocol\":\"tcp\",\"destination\":\"10.0.0.0/8\",\"ports\":\"443,80\",\"description\":\"d\",\"log\":false},{\"protocol\":\"icmp\",\"destination\":\"0.0.0.0/0\",\"type\":8,\"code\":0}],\"relationships\":{\"running_spaces\":{\"data\":[{\"guid\":\"" + missing + "\"}]},\"staging_spaces\":{\"data\":[{\"guid\":\"" + s.Space + "\"}]}}}", true),
            new("PATCH", $"/v3/security_groups/{missing}", """{"name":"renamed","globally_enabled":{"staging":true},"rules":[{"protocol":"all","destination":"192.0.2.0/24"}]}""", true),
            new("POST", $"/v3/security_groups/{missing}/relationships/running_spaces", "{\"data\":[{\"guid\":\"" + missing + "\"},{\"guid\":\"" + s.Other.Id + "\"}]}", true),
            new("POST", $"/v3/security_groups/{missing}/relationships/staging_spaces", "{\"data\":[{\"guid\":\"" + s.Space + "\"}]}", true),
            new("DELETE", $"/v3/security_groups/{missing}", null, true),
            new("DELETE", $"/v3/security_groups/{s.CfGroup}/relationships/running_spaces/{missing}", null, true),
            new("GET", "/v3/security_groups?per_page=2&order_by=name", null, false),
            new("GET", $"/v3/security_groups/{s.CfGroup}", null, false),
            new("GET", $"/v3/spaces/{s.Space}/running_security_groups", null, false),
            new("GET", $"/v3/jobs/{missing}", null, false),
        ];
        var auth = new Dictionary<string, string> { ["Authorization"] = "bearer " + ServerFixture.AdminToken };
        return Mutated(templates, auth, "/v3/", ["names", "guids", "per_page", "page", "order_by", "running_space_guids", "globally_enabled_running", "created_ats", "created_ats[gt]", "label_selector"], random);
    }

    private IEnumerable<FuzzRequest> KeystoneRequests(Random random)
    {
        var s = setup;
        Template[] templates =
        [
            new("POST", "/identity/v3/auth/tokens", "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"" + s.Member.Name + "\",\"domain\":{\"name\":\"Default\"},\"password\":\"wrong\"}}},\"scope\":{\"project\":{\"name\":\"" + s.Project.Name + "\",\"domain\":{\"id\":\"default\"}}}}}", true),
            new("POST", "/identity/v3/auth/tokens", "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"id\":\"" + s.Member.Id + "\",\"password\":\"wrong\"}}},\"scope\":{\"project\":{\"id\":\"" + s.Project.Id + "\"}}}}", true),
            new("POST", "/identity/v3/auth/tokens", """{"auth":{"identity":{"methods":["token"],"token":{"id":"not-a-token"}},"scope":"unscoped"}}""", true),
            new("DELETE", "/identity/v3/auth/tokens", null, true, new Dictionary<string, string> { ["X-Subject-Token"] = "not-a-token" }),
            new("GET", "/identity/v3/projects", null, false),
            new("GET", $"/identity/v3/projects/{s.Project.Id}", null, false),
            new("GET", "/identity/v3/domains", null, false),
            new("GET", "/identity/v3/domains/default", null, false),
            new("GET", "/identity/v3", null, false),
        ];
        var auth = new Dictionary<string, string> { ["X-Auth-Token"] = s.Member.Token };
        return Mutated(templates, auth, "/identity/", ["name", "domain_id", "enabled", "nocatalog", "allow_expired"], random);
    }

    /// <summary>Valid requests (with their auth and If-Match) turned into malformed ones, round robin over the mutations.</summary>
    private static IEnumerable<FuzzRequest> Mutated(Template[] templates, Dictionary<string, string> auth, string prefix, string[] queryNames, Random random)
    {
        while (true)
        {
            var template = templates[random.Next(templates.Length)];
            var headers = new Dictionary<string, string>(auth);
            foreach (var (name, value) in template.Headers ?? [])
            {
                headers[name] = value;
            }

            var body = template.Json is null ? null : Encoding.UTF8.GetBytes(template.Json);
            var path = template.Path;
            var method = template.Method;
            var type = template.Json is null ? null : "application/json";
            string why;
            switch (random.Next(template.Json is null ? 3 : 6))
            {
                case 0:
                    method = OddMethods[random.Next(OddMethods.Length)];
                    if (method == template.Method || (template.Json is null && method != "OPTIONS"))
                    {
                        method = "PROPFIND";
                    }

                    why = "odd method";
                    break;
                case 1:
                {
                    var (pathPart, query) = path.Contains('?') ? (path[..path.IndexOf('?')], path[path.IndexOf('?')..]) : (path, "");
                    var segments = pathPart[prefix.Length..].Split('/');
                    segments[random.Next(segments.Length)] = OddSegments[random.Next(OddSegments.Length)];
                    path = prefix + string.Join('/', segments) + (random.Next(4) == 0 ? "/" : "") + query;
                    why = "odd path";
                    break;
                }

                case 2:
                {
                    var count = random.Next(1, 4);
                    var extra = Enumerable.Range(0, count).Select(_ => $"{queryNames[random.Next(queryNames.Length)]}={OddQueryValues[random.Next(OddQueryValues.Length)]}");
                    path += (path.Contains('?') ? "&" : "?") + string.Join('&', extra);
                    why = "odd query";
                    if (template.Write && template.Json is not null)
                    {
                        // A write keeps its late refusal whatever the query; spoil the body too so that it reaches no further.
                        (body, var spoiled) = JsonMutations.Mutate(template.Json, random);
                        why += " and " + spoiled;
                    }

                    break;
                }

                case 3:
                {
                    (body, var spoiled) = JsonMutations.Mutate(template.Json!, random);
                    type = JsonMutations.ContentTypes[random.Next(JsonMutations.ContentTypes.Length)];
                    why = $"content type '{type}' and {spoiled}";
                    break;
                }

                default:
                    (body, why) = JsonMutations.Mutate(template.Json!, random);
                    break;
            }

            yield return new FuzzRequest(method, path, body, type, why, template.Write, headers);
        }
    }

    private IEnumerable<FuzzRequest> CloudStackCalls(Random random)
    {
        var s = setup;
        var missing = "00000000-0000-0000-0000-000000000000";
        (string Command, bool Write, Dictionary<string, string> Parameters)[] templates =
        [
            ("listSecurityGroups", false, new() { ["projectid"] = s.Project.Id, ["keyword"] = "fuzz" }),
            ("listSecurityGroups", false, new() { ["id"] = s.Group, ["page"] = "1", ["pagesize"] = "10" }),
            ("listSecurityGroups", false, new() { ["virtualmachineid"] = "vm-fuzz", ["securitygroupname"] = s.GroupName }),
            ("queryAsyncJobResult", false, new() { ["jobid"] = missing }),
            ("createSecurityGroup", true, new() { ["name"] = "web", ["description"] = "d", ["projectid"] = s.Other.Id }),
            ("createSecurityGroup", true, new() { ["name"] = s.GroupName, ["projectid"] = s.Project.Id }),
            ("deleteSecurityGroup", true, new() { ["id"] = missing }),
            ("deleteSecurityGroup", true, new() { ["name"] = "no-such-group" }),
            ("updateSecurityGroup", true, new() { ["id"] = s.Group, ["name"] = "renamed" }),
            ("authorizeSecurityGroupIngress", true, new() { ["securitygroupid"] = s.OtherGroup, ["protocol"] = "tcp", ["startport"] = "80", ["endport"] = "90", ["cidrlist"] = "198.18.0.0/16,2001:db8::/32" }),
            ("authorizeSecurityGroupEgress", true, new() { ["securitygroupid"] = missing, ["protocol"] = "icmp", ["icmptype"] = "8", ["icmpcode"] = "0", ["usersecuritygrouplist[0].account"] = s.Project.Name, ["usersecuritygrouplist[0].group"] = "default" }),
            ("revokeSecurityGroupIngress", true, new() { ["id"] = missing }),
            ("revokeSecurityGroupEgress", true, new() { ["id"] = s.OtherGroup }),
            ("updateVirtualMachine", true, new() { ["id"] = "vm-missing", ["securitygroupids"] = s.Group }),
        ];
        string[] names = ["id", "name", "projectid", "page", "pagesize", "keyword", "securitygroupid", "securitygroupname", "protocol", "startport", "endport", "icmptype", "icmpcode", "cidrlist", "jobid", "virtualmachineid", "securitygroupids", "securitygroupnames", "signatureVersion", "expires", "command", "usersecuritygrouplist[0].group", "usersecuritygrouplist[x].account", "response"];
        string[] values = ["\0", "a\0b", "", " ", "-1", "0", "99999999999999999999", "2147483648", "1e400", "x", new string('x', 5000), "\u00ff\u4e2d\ud83d\ude00", "\ufffd", ",,,", "%", "%ZZ", "default", "tcp", "all", "65536", "-2", "../../etc", "' OR 1=1 --", "\u0001\u001f", "\ud800", "2020-01-01T00:00:00+0000", "3", "json", "xml"];

        while (true)
        {
            var (command, write, given) = templates[random.Next(templates.Length)];
            var parameters = new List<KeyValuePair<string, string>> { new("command", command) };
            parameters.AddRange(given);
            string why;
            var kind = random.Next(8);
            switch (kind)
            {
                case 0:
                {
                    var at = random.Next(parameters.Count);
                    parameters[at] = new(parameters[at].Key, values[random.Next(values.Length)]);
                    why = $"odd value of {parameters[at].Key}";
                    break;
                }

                case 1:
                    parameters.Add(new(names[random.Next(names.Length)], values[random.Next(values.Length)]));
                    why = "odd parameter";
                    break;
                case 2:
                {
                    var at = random.Next(parameters.Count);
                    var value = parameters[at].Value;
                    var cut = random.Next(value.Length + 1);
                    parameters[at] = new(parameters[at].Key, value[..cut] + "\0" + value[cut..]);
                    why = $"%00 in {parameters[at].Key}";
                    break;
                }

                case 3:
                    // More fields than ASP.NET's form reader takes (1,024), the command in the query.
                    parameters.AddRange(Enumerable.Range(0, random.Next(1025, 3000)).Select(i => new KeyValuePair<string, string>($"f{i}", "v")));
                    why = "too many form fields";
                    break;
                default:
                    why = "as sent";
                    break;
            }

            var signed = random.Next(10) == 0 ? parameters : CloudStackRequests.Signed(parameters, s.ApiKey, s.Secret);
            if (random.Next(10) == 0)
            {
                signed = [.. signed.Select(p => p.Key == "signature" ? new KeyValuePair<string, string>("signature", "AAAA" + p.Value[4..]) : p)];
                why += ", signature spoiled";
            }

            // Unchanged or only re-valued requests are sent in every way a client could: query, form, odd content type, odd method.
            var how = kind == 3 ? 1 : random.Next(6);
            var encoded = CloudStackRequests.Encode(signed);
            yield return how switch
            {
                // Only an unchanged write is sure to be answered at once; a changed one may reach an asynchronous job, whose
                // failure is a 200 with a job id. Either way the revision, checked at the end, must not move.
                0 => new FuzzRequest("GET", "/client/api?" + encoded, null, null, why + " (query)", write && why == "as sent", new Dictionary<string, string>()),
                1 => new FuzzRequest("POST", $"/client/api?command={Uri.EscapeDataString(command)}", Encoding.UTF8.GetBytes(encoded), "application/x-www-form-urlencoded", why + " (form)", false, new Dictionary<string, string>()),
                2 => new FuzzRequest("POST", "/client/api", Encoding.UTF8.GetBytes(encoded), JsonMutations.ContentTypes[random.Next(JsonMutations.ContentTypes.Length)], why + " (form, odd content type)", false, new Dictionary<string, string>()),
                3 => new FuzzRequest("POST", "/client/api", BrokenMultipart(random), "multipart/form-data; boundary=fuzz", why + " (broken multipart)", false, new Dictionary<string, string>()),
                4 => new FuzzRequest(OddMethods[random.Next(OddMethods.Length)] is var m && m is "POST" ? "PUT" : m, "/client/api?" + encoded, null, null, why + " (odd method)", false, new Dictionary<string, string>()),
                _ => new FuzzRequest("GET", "/client/api?" + encoded + "&" + encoded, null, null, why + " (every parameter twice)", false, new Dictionary<string, string>()),
            };
        }
    }

    /// <summary>The start of a multipart form cut short and followed by random bytes.</summary>
    private static byte[] BrokenMultipart(Random random)
    {
        var text = $"--fuzz\r\nContent-Disposition: form-data; name=\"command\"\r\n\r\nlistSecurityGroups\r\n--fuzz";
        var bytes = Encoding.UTF8.GetBytes(text);
        var tail = new byte[random.Next(0, 200)];
        random.NextBytes(tail);
        return [.. bytes[..random.Next(1, bytes.Length)], .. tail];
    }

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "…" : text;
}

public sealed class DialectFuzzTestsOnSqlite(SqliteServerFixture server, ITestOutputHelper output) : DialectFuzzTests(server, output), IClassFixture<SqliteServerFixture>;

public sealed class DialectFuzzTestsOnPostgres(PostgresServerFixture server, ITestOutputHelper output) : DialectFuzzTests(server, output), IClassFixture<PostgresServerFixture>;
