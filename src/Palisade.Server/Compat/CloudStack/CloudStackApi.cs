using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Model;
using Palisade.Core.Validation;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Server.Operations;
using Palisade.Store;

namespace Palisade.Server.Compat.CloudStack;

/// <summary>
/// The Apache CloudStack dialect (StackBill): <c>/client/api?command=…&amp;response=json</c>, signed
/// with an API key pair (HMAC-SHA1, research/cf_cloudstack.md §B2–B3). Authorize and revoke are
/// asynchronous as in CloudStack: they answer a job id that <c>queryAsyncJobResult</c> reports.
/// A group made here keeps CloudStack's egress default: no egress rules means all egress is
/// allowed, so Palisade's allow-all egress rules stay, hidden, until the first egress rule comes.
/// </summary>
public static class CloudStackApi
{
    private delegate Task<JsonObject> Command(Context context);

    private sealed record Context(Dictionary<string, string> Parameters, Caller Caller, IPalisadeStore Store, CancellationToken Cancellation)
    {
        public string? this[string name] => Parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
    }

    private static readonly Dictionary<string, Command> Commands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["listSecurityGroups"] = ListAsync,
        ["createSecurityGroup"] = CreateAsync,
        ["deleteSecurityGroup"] = DeleteAsync,
        ["updateSecurityGroup"] = UpdateAsync,
        ["authorizeSecurityGroupIngress"] = c => AsyncJob(c, "authorizeSecurityGroupIngress", () => AuthorizeAsync(c, "ingress")),
        ["authorizeSecurityGroupEgress"] = c => AsyncJob(c, "authorizeSecurityGroupEgress", () => AuthorizeAsync(c, "egress")),
        ["revokeSecurityGroupIngress"] = c => AsyncJob(c, "revokeSecurityGroupIngress", () => RevokeAsync(c, "ingress")),
        ["revokeSecurityGroupEgress"] = c => AsyncJob(c, "revokeSecurityGroupEgress", () => RevokeAsync(c, "egress")),
        ["queryAsyncJobResult"] = QueryJobAsync,
        ["updateVirtualMachine"] = UpdateVirtualMachineAsync,
    };

    public static IEndpointRouteBuilder MapCloudStackApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/client/api", ["GET", "POST"], HandleAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, CallerResolver callers, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var parameters = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        if (http.Request.HasFormContentType)
        {
            foreach (var field in await http.Request.ReadFormAsync(cancellationToken))
            {
                parameters[field.Key] = field.Value.ToString();
            }
        }

        var commandName = parameters.GetValueOrDefault("command") ?? "";
        var responseName = commandName.ToLowerInvariant() + "response";
        try
        {
            var resolved = parameters.TryGetValue("apiKey", out var apiKey) || parameters.TryGetValue("apikey", out apiKey)
                ? await callers.ResolveApiKeyAsync(apiKey, cancellationToken)
                : null;
            if (resolved is not { } found || !CsSignature.Verify(parameters, found.Secret, DateTimeOffset.UtcNow))
            {
                throw new CsException(401, "unable to verify user credentials and/or request signature", 9999);
            }

            http.Items[BearerAuthentication.ActorKey] = found.Caller.Principal;
            if (!Commands.TryGetValue(commandName, out var command))
            {
                throw new CsException(432, $"The given command:{commandName} does not exist or it is not available for user", 9999);
            }

            var lookup = new Dictionary<string, string>(parameters, StringComparer.OrdinalIgnoreCase);
            return Results.Json(new JsonObject { [responseName] = await command(new Context(lookup, found.Caller, store, cancellationToken)) });
        }
        catch (CsException refused)
        {
            return Error(responseName, refused.ErrorCode, refused.CsErrorCode, refused.Message);
        }
        catch (ApiException refused)
        {
            var (code, cs) = Translate(refused);
            return Error(responseName, code, cs, refused.Message);
        }
    }

    private static IResult Error(string responseName, int code, int csCode, string text) =>
        Results.Json(new JsonObject { [responseName] = new JsonObject { ["uuidList"] = new JsonArray(), ["errorcode"] = code, ["cserrorcode"] = csCode, ["errortext"] = text } }, statusCode: code);

    private static (int Code, int CsCode) Translate(ApiException refused) => refused.Status switch
    {
        403 => (531, 4365),
        404 => (431, 4350),
        409 when refused.Code == "SecurityGroupInUse" => (536, 4365),
        409 => (431, 4350),
        _ => (431, 4350),
    };

    private static async Task<JsonObject> ListAsync(Context c)
    {
        var groups = await c.Store.ReadAsync(async session =>
        {
            var all = (await session.ListAsync<GroupDocument>(Kinds.Group, c["projectid"], c.Cancellation)).Where(g => g.ProjectId is not null && c.Caller.CanRead(g.ProjectId)).ToList();
            var ports = (await session.ListAsync<PortDocument>(Kinds.Port, null, c.Cancellation)).Where(p => c.Caller.CanRead(p.ProjectId)).ToList();
            var views = new List<JsonObject>();
            foreach (var group in all
                .Where(g => c["id"] is null || g.Id == c["id"])
                .Where(g => c["securitygroupname"] is null || g.Name == c["securitygroupname"])
                .Where(g => c["keyword"] is null || g.Name.Contains(c["keyword"]!, StringComparison.OrdinalIgnoreCase))
                .Where(g => c["virtualmachineid"] is null || ports.Any(p => p.InstanceId == c["virtualmachineid"] && p.SecurityGroups.Contains(g.Id)))
                .OrderBy(g => g.Name, StringComparer.Ordinal))
            {
                views.Add(await ViewAsync(session, group, ports, c.Cancellation));
            }

            return views;
        }, c.Cancellation);
        var page = Int(c, "page") ?? 1;
        var size = Int(c, "pagesize") ?? 500;
        if (page < 1 || size < 1)
        {
            throw CsException.Invalid("Page and pagesize must be positive");
        }

        var result = new JsonObject { ["count"] = groups.Count };
        if (groups.Count > 0)
        {
            result["securitygroup"] = new JsonArray([.. groups.Skip((page - 1) * size).Take(size).Select(g => (JsonNode)g)]);
        }

        return result;
    }

    private static async Task<JsonObject> CreateAsync(Context c)
    {
        var name = c["name"]?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw CsException.Invalid("Security group name cannot be empty");
        }

        if (name.Equals(SecurityGroup.DefaultName, StringComparison.OrdinalIgnoreCase))
        {
            throw CsException.Invalid("The security group name default is reserved");
        }

        var project = Project(c);
        return await c.Store.WriteAsync(async session =>
        {
            if ((await session.ListAsync<GroupDocument>(Kinds.Group, project, c.Cancellation)).Any(g => g.Name == name))
            {
                throw CsException.Invalid($"Unable to create security group, a group with name {name} already exists.");
            }

            var group = await SecurityGroupOperations.CreateAsync(session, c.Caller, project, new GroupDraft(name, c["description"] ?? ""), stateful: true, withTemplateRules: true, c.Cancellation);
            await session.PutAsync(Kinds.CsImplicitEgress, group.Id, group.ProjectId, JsonSerializer.Serialize(group.Rules.Where(r => r.Direction == "egress").Select(r => r.Id).ToList()), c.Cancellation);
            return new JsonObject { ["securitygroup"] = await ViewAsync(session, group, null, c.Cancellation) };
        }, c.Cancellation);
    }

    private static async Task<JsonObject> DeleteAsync(Context c)
    {
        if ((c["id"] is null) == (c["name"] is null))
        {
            throw CsException.Invalid("Either id or name parameter is required, but not both");
        }

        await c.Store.WriteAsync(async session =>
        {
            var group = await FindAsync(session, c, c["id"], c["name"]);
            if (group.Name == SecurityGroup.DefaultName)
            {
                throw CsException.Invalid("The network group default is reserved");
            }

            if ((await session.ListAsync<GroupDocument>(Kinds.Group, null, c.Cancellation)).Any(g => g.Id != group.Id && g.Rules.Any(r => r.RemoteGroupId == group.Id)))
            {
                throw new CsException(536, "Cannot delete group when there are security rules that allow this group", 4365);
            }

            if ((await session.ListAsync<PortDocument>(Kinds.Port, group.ProjectId, c.Cancellation)).Any(p => p.SecurityGroups.Contains(group.Id)))
            {
                throw new CsException(536, "Cannot delete group when it's in use by virtual machines", 4365);
            }

            await SecurityGroupOperations.DeleteAsync(session, c.Caller, group, c.Cancellation);
            await session.DeleteAsync(Kinds.CsImplicitEgress, group.Id, c.Cancellation);
            return true;
        }, c.Cancellation);
        return new JsonObject { ["success"] = "true" };
    }

    /// <summary>Admin only, and only a rename, as in CloudStack 4.14+.</summary>
    private static async Task<JsonObject> UpdateAsync(Context c)
    {
        var id = c["id"] ?? throw CsException.Invalid("Unable to execute API command updatesecuritygroup due to missing parameter id");
        return await c.Store.WriteAsync(async session =>
        {
            var group = await FindAsync(session, c, id, null);
            c.Caller.EnsurePlatformAdmin();
            if (c["name"] is { } name)
            {
                if (group.Name == SecurityGroup.DefaultName)
                {
                    throw CsException.Invalid("The default security group cannot be renamed");
                }

                if (name.Equals(SecurityGroup.DefaultName, StringComparison.OrdinalIgnoreCase))
                {
                    throw CsException.Invalid("The security group name default is reserved");
                }

                group = await SecurityGroupOperations.UpdateAsync(session, c.Caller, group, new GroupDraft(name), null, c.Cancellation);
            }

            return new JsonObject { ["securitygroup"] = await ViewAsync(session, group, null, c.Cancellation) };
        }, c.Cancellation);
    }

    private static async Task<JsonObject> AuthorizeAsync(Context c, string direction)
    {
        var drafts = AuthorizeRequest.Parse(c.Parameters, direction);
        return await c.Store.WriteAsync(async session =>
        {
            if ((c["securitygroupid"] is null) == (c["securitygroupname"] is null))
            {
                throw CsException.Invalid("Either securitygroupid or securitygroupname is required, but not both");
            }

            var group = await FindAsync(session, c, c["securitygroupid"], c["securitygroupname"]);
            var resolved = new List<RuleDraft>();
            foreach (var draft in drafts)
            {
                if (draft.RemoteGroupId is { } groupName)
                {
                    var remote = (await session.ListAsync<GroupDocument>(Kinds.Group, group.ProjectId, c.Cancellation)).FirstOrDefault(g => g.Name == groupName)
                        ?? throw CsException.Invalid($"Unable to find security group {groupName} for account");
                    resolved.Add(draft with { RemoteGroupId = remote.Id });
                }
                else
                {
                    resolved.Add(draft);
                }
            }

            // CloudStack skips rules that exist already, and fails only when nothing is new.
            var validations = resolved.Select(d => (Draft: d, Validation: RuleValidator.Validate(d, "new", group.Id))).ToList();
            if (validations.FirstOrDefault(v => !v.Validation.IsValid).Validation is { } invalid)
            {
                throw CsException.Invalid(string.Join("; ", invalid.Errors.Select(e => $"{e.Field} {e.Message}")));
            }

            var existing = group.Rules.Select(Apis.RuleMapping.ToRule).ToList();
            var fresh = validations.Where(v => RuleIdentity.FindDuplicate(existing, v.Validation.Rule!) is null).Select(v => v.Draft).ToList();

            if (fresh.Count == 0)
            {
                throw new CsException(530, $"Failed to authorize security group {direction} rule(s)", 4250);
            }

            var hidden = await HiddenEgressAsync(session, group.Id, c.Cancellation);
            if (direction == "egress" && hidden.Count > 0)
            {
                // The first egress rule ends CloudStack's "all egress until told otherwise".
                foreach (var ruleId in hidden)
                {
                    await RuleOperations.DeleteAsync(session, c.Caller, group, ruleId, c.Cancellation);
                    group = (await session.GetAsync<GroupDocument>(Kinds.Group, group.Id, c.Cancellation))!;
                }

                await session.PutAsync(Kinds.CsImplicitEgress, group.Id, group.ProjectId, "[]", c.Cancellation);
            }

            var added = await RuleOperations.AddAsync(session, c.Caller, group, fresh, c.Cancellation);
            group = (await session.GetAsync<GroupDocument>(Kinds.Group, group.Id, c.Cancellation))!;
            var view = await ViewAsync(session, group, null, c.Cancellation);
            // The answer lists only the rules this call made, as CloudStack's does.
            var ids = added.Select(a => a.Id).ToHashSet();
            foreach (var key in new[] { "ingressrule", "egressrule" })
            {
                view[key] = new JsonArray([.. view[key]!.AsArray().Where(r => ids.Contains((string)r!["ruleid"]!)).Select(r => r!.DeepClone())]);
            }

            return new JsonObject { ["securitygroup"] = view };
        }, c.Cancellation);
    }

    private static async Task<JsonObject> RevokeAsync(Context c, string direction)
    {
        var id = c["id"] ?? throw CsException.Invalid($"Unable to execute API command revokesecuritygroup{direction} due to missing parameter id");
        await c.Store.WriteAsync(async session =>
        {
            var group = (await session.ListAsync<GroupDocument>(Kinds.Group, null, c.Cancellation))
                .FirstOrDefault(g => g.ProjectId is not null && c.Caller.CanRead(g.ProjectId) && g.Rules.Any(r => r.Id == id))
                ?? throw CsException.Invalid($"Unable to find security group rule with id {id}");
            if (group.Rules.First(r => r.Id == id).Direction != direction)
            {
                throw CsException.Invalid($"Mismatch in rule type for security rule with id {id}");
            }

            await RuleOperations.DeleteAsync(session, c.Caller, group, id, c.Cancellation);
            group = (await session.GetAsync<GroupDocument>(Kinds.Group, group.Id, c.Cancellation))!;
            if (direction == "egress" && group.Rules.All(r => r.Direction != "egress") && await session.GetAsync(Kinds.CsImplicitEgress, group.Id, c.Cancellation) is not null)
            {
                // No egress rules left: CloudStack allows all egress again.
                var restored = await RuleOperations.AddAsync(session, c.Caller, group, [new RuleDraft("egress", "IPv4"), new RuleDraft("egress", "IPv6")], c.Cancellation);
                await session.PutAsync(Kinds.CsImplicitEgress, group.Id, group.ProjectId, JsonSerializer.Serialize(restored.Select(r => r.Id).ToList()), c.Cancellation);
            }

            return true;
        }, c.Cancellation);
        return new JsonObject { ["success"] = true };
    }

    /// <summary>Sets the groups of every port of the instance (CloudStack's VM), by ids or by names.</summary>
    private static async Task<JsonObject> UpdateVirtualMachineAsync(Context c)
    {
        var vm = c["id"] ?? throw CsException.Invalid("Unable to execute API command updatevirtualmachine due to missing parameter id");
        if (c["securitygroupids"] is not null && c["securitygroupnames"] is not null)
        {
            throw CsException.Invalid("securitygroupids and securitygroupnames parameters are mutually exclusive");
        }

        return await c.Store.WriteAsync(async session =>
        {
            var ports = (await session.ListAsync<PortDocument>(Kinds.Port, null, c.Cancellation)).Where(p => p.InstanceId == vm && c.Caller.CanRead(p.ProjectId)).ToList();
            if (ports.Count == 0)
            {
                throw CsException.Invalid($"Unable to find virtual machine with id {vm}");
            }

            var groups = new List<GroupDocument>();
            var wanted = (c["securitygroupids"] ?? c["securitygroupnames"])?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            foreach (var item in wanted)
            {
                groups.Add(await FindAsync(session, c, c["securitygroupids"] is null ? null : item, c["securitygroupnames"] is null ? null : item));
            }

            foreach (var port in ports)
            {
                c.Caller.EnsureGroupWrite(await session.GetAsync<ProjectDocument>(Kinds.Project, port.ProjectId, c.Cancellation), "port", port.Id);
                await Quotas.EnsureAsync(session, port.ProjectId, q => q.GroupsPerPort, "groups_per_port", groups.Count, c.Cancellation);
                var next = port with { SecurityGroups = [.. groups.Where(g => g.ProjectId == port.ProjectId).Select(g => g.Id)], RevisionNumber = session.Revision };
                await session.PutAsync(Kinds.Port, port.Id, port.ProjectId, next, c.Cancellation);
            }

            var views = new JsonArray();
            foreach (var group in groups)
            {
                views.Add(await ViewAsync(session, group, null, c.Cancellation));
            }

            return new JsonObject { ["virtualmachine"] = new JsonObject { ["id"] = vm, ["securitygroup"] = views } };
        }, c.Cancellation);
    }

    /// <summary>Runs the command now and records its outcome as a finished job, success or failure, as CloudStack's queue would.</summary>
    private static async Task<JsonObject> AsyncJob(Context c, string command, Func<Task<JsonObject>> work)
    {
        var jobId = Guid.NewGuid().ToString();
        JsonObject job;
        try
        {
            var result = await work();
            job = new JsonObject { ["jobstatus"] = 1, ["jobresultcode"] = 0, ["jobresulttype"] = "object", ["jobresult"] = result };
        }
        catch (Exception refused) when (refused is CsException or ApiException)
        {
            var (code, cs) = refused is CsException r ? (r.ErrorCode, r.CsErrorCode) : Translate((ApiException)refused);
            job = new JsonObject { ["jobstatus"] = 2, ["jobresultcode"] = 530, ["jobresulttype"] = "object", ["jobresult"] = new JsonObject { ["errorcode"] = code, ["cserrorcode"] = cs, ["errortext"] = refused.Message } };
        }

        job["jobid"] = jobId;
        job["cmd"] = $"org.apache.cloudstack.api.command.user.securitygroup.{char.ToUpperInvariant(command[0])}{command[1..]}Cmd";
        job["created"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss+0000", CultureInfo.InvariantCulture);
        job["userid"] = c.Caller.Principal;
        await c.Store.ReportAsync(Kinds.CsJob, jobId, job.ToJsonString(), c.Cancellation);
        return new JsonObject { ["jobid"] = jobId };
    }

    private static async Task<JsonObject> QueryJobAsync(Context c)
    {
        var id = c["jobid"] ?? throw CsException.Invalid("Unable to execute API command queryasyncjobresult due to missing parameter jobid");
        var job = await c.Store.ReadAsync(s => s.GetAsync(Kinds.CsJob, id, c.Cancellation), c.Cancellation);
        var body = job is null ? null : JsonNode.Parse(job.Body)!.AsObject();
        return body is not null && ((string?)body["userid"] == c.Caller.Principal || c.Caller.IsPlatformAdmin)
            ? body
            : throw CsException.Invalid($"Unable to find job by id {id}");
    }

    private static string Project(Context c) =>
        c["projectid"] ?? (c.Caller.Roles.Count == 1 ? c.Caller.Roles.Keys.Single() : throw CsException.Invalid("projectid is required: your account is in several projects"));

    private static async Task<GroupDocument> FindAsync(IStoreSession session, Context c, string? id, string? name)
    {
        if (id is not null)
        {
            var group = await session.GetAsync<GroupDocument>(Kinds.Group, id, c.Cancellation);
            return group is { ProjectId: not null } && c.Caller.CanRead(group.ProjectId) ? group : throw CsException.Invalid($"Unable to find security group by id {id}");
        }

        var project = c["projectid"] ?? (c.Caller.Roles.Count == 1 ? c.Caller.Roles.Keys.Single() : null);
        return (await session.ListAsync<GroupDocument>(Kinds.Group, project, c.Cancellation)).FirstOrDefault(g => g.Name == name && g.ProjectId is not null && c.Caller.CanRead(g.ProjectId))
            ?? throw CsException.Invalid($"Unable to find security group by name {name}");
    }

    private static async Task<HashSet<string>> HiddenEgressAsync(IStoreSession session, string groupId, CancellationToken cancellationToken) =>
        await session.GetAsync(Kinds.CsImplicitEgress, groupId, cancellationToken) is { } stored
            ? [.. JsonSerializer.Deserialize<List<string>>(stored.Body)!]
            : [];

    private static async Task<JsonObject> ViewAsync(IStoreSession session, GroupDocument group, List<PortDocument>? ports, CancellationToken cancellationToken)
    {
        var project = group.ProjectId is null ? null : await session.GetAsync<ProjectDocument>(Kinds.Project, group.ProjectId, cancellationToken);
        ports ??= await session.ListAsync<PortDocument>(Kinds.Port, group.ProjectId, cancellationToken);
        var machines = ports.Where(p => p.SecurityGroups.Contains(group.Id) && p.InstanceId is not null).Select(p => p.InstanceId!).Distinct().Order(StringComparer.Ordinal).ToList();
        var names = (await session.ListAsync<GroupDocument>(Kinds.Group, group.ProjectId, cancellationToken)).ToDictionary(g => g.Id, g => g.Name);
        return CsViews.Group(group, project, await HiddenEgressAsync(session, group.Id, cancellationToken), machines, names);
    }

    private static int? Int(Context c, string name) =>
        c[name] is null ? null : int.TryParse(c[name], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw new CsException(431, $"Unable to execute API command due to invalid value. Invalid parameter {name} value={c[name]} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.");
}
