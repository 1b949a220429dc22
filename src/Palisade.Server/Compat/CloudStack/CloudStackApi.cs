using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
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

    /// <summary>One call: its command (as CloudStack names it), parameters, caller and store.</summary>
    private sealed record Context(string Command, Dictionary<string, string> Parameters, Caller Caller, IPalisadeStore Store, CancellationToken Cancellation)
    {
        public string? this[string name] => Parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
    }

    private static readonly Dictionary<string, Command> Commands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["listSecurityGroups"] = ListAsync,
        ["createSecurityGroup"] = CreateAsync,
        ["deleteSecurityGroup"] = DeleteAsync,
        ["updateSecurityGroup"] = UpdateAsync,
        ["authorizeSecurityGroupIngress"] = c => AuthorizeAsync(c, "ingress"),
        ["authorizeSecurityGroupEgress"] = c => AuthorizeAsync(c, "egress"),
        ["revokeSecurityGroupIngress"] = c => RevokeAsync(c, "ingress"),
        ["revokeSecurityGroupEgress"] = c => RevokeAsync(c, "egress"),
        ["queryAsyncJobResult"] = QueryJobAsync,
        ["updateVirtualMachine"] = UpdateVirtualMachineAsync,
    };

    /// <summary>
    /// ASP.NET Core's form limits, stated here because a form past them is answered in CloudStack's
    /// shape: no command has more than a few dozen parameters, so 1,024 fields is no constraint.
    /// </summary>
    private static readonly FormOptions FormLimits = new() { ValueCountLimit = 1024, KeyLengthLimit = 2048, ValueLengthLimit = 1 << 20 };

    public static IEndpointRouteBuilder MapCloudStackApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/client/api", ["GET", "POST"], HandleAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, CallerResolver callers, AuthFailureLimiter limiter, IPalisadeStore store, CancellationToken cancellationToken)
    {
        Dictionary<string, string>? read;
        try
        {
            read = await CsRequestParameters.ReadAsync(http.Request, FormLimits, cancellationToken);
        }
        catch (Exception refused) when (refused is InvalidDataException or BadHttpRequestException or IOException)
        {
            // Past a limit (more fields than any command has, a name too long), or a multipart body that ends early.
            return Error(ResponseName(http.Request.Query["command"].ToString()), 431, 9999, $"Unable to read the request's parameters: {refused.Message}");
        }

        var parameters = read ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var commandName = read is null ? http.Request.Query["command"].ToString() : parameters.GetValueOrDefault("command") ?? "";
        var responseName = ResponseName(commandName);
        try
        {
            // A key's failures count against the key as well as the address, whether or not it exists, so probing says nothing.
            var keyName = parameters.TryGetValue("apiKey", out var apiKey) ? "cloudstack api key " + apiKey : null;
            if (limiter.RetryAfter(http, keyName) is { } wait)
            {
                AuthFailureLimiter.SetRetryAfter(http.Response, wait);
                throw new CsException(429, AuthFailureLimiter.Message, 9999);
            }

            if (parameters.FirstOrDefault(p => p.Key.Contains('\0', StringComparison.Ordinal) || p.Value.Contains('\0', StringComparison.Ordinal)) is { Key: not null } withNul)
            {
                // No parameter takes a NUL (%00), and PostgreSQL text cannot hold one.
                throw new CsException(431, $"Unable to execute API command {commandName.ToLowerInvariant()} due to invalid value for parameter {withNul.Key.Replace("\0", "%00", StringComparison.Ordinal)}: it contains %00", 9999);
            }

            var resolved = read is not null && apiKey is not null
                ? await callers.ResolveApiKeyAsync(apiKey, cancellationToken)
                : null;
            if (resolved is not { } found || !CsSignature.Verify(parameters, found.Secret, DateTimeOffset.UtcNow))
            {
                limiter.Failed(http, keyName);
                throw new CsException(401, "unable to verify user credentials and/or request signature", 9999);
            }

            http.Items[BearerAuthentication.ActorKey] = found.Caller.Principal;
            if (!Commands.TryGetValue(commandName, out var command))
            {
                throw new CsException(432, $"The given command:{commandName} does not exist or it is not available for user", 9999);
            }

            var canonical = Commands.Keys.First(k => k.Equals(commandName, StringComparison.OrdinalIgnoreCase));
            return Results.Json(new JsonObject { [responseName] = await command(new Context(canonical, parameters, found.Caller, store, cancellationToken)) });
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

    /// <summary>Where the answer goes: the command's response, or CloudStack's errorresponse when no command could be read.</summary>
    private static string ResponseName(string command) => (command.Length == 0 ? "error" : command.ToLowerInvariant()) + "response";

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
        var (skip, take) = Paging(c);
        var groups = await c.Store.ReadAsync(async session =>
        {
            // A platform group (a Cloud Foundry ASG) is listed to whoever sees it (GroupVisibility, as in every API), under account "system".
            var all = await GroupVisibility.Of(session, c.Caller).VisibleAsync(
                (await session.GroupsWithRulesAsync(c["projectid"], c.Cancellation)).Where(g => g.ProjectId is null ? c["projectid"] is null : c.Caller.CanRead(g.ProjectId)), c.Cancellation);
            var ports = (await session.ListAsync<PortDocument>(Kinds.Port, null, c.Cancellation)).Where(p => c.Caller.CanRead(p.ProjectId)).ToList();
            if (c["id"] is { } id && await VisibleGroupAsync(session, c, id) is null && !all.Any(g => g.Id == id))
            {
                throw CsException.UnknownId(c.Command, "id", id);
            }

            if (c["virtualmachineid"] is { } vm && !ports.Any(p => p.InstanceId == vm))
            {
                throw CsException.UnknownId(c.Command, "virtualmachineid", vm);
            }

            var views = new List<JsonObject>();
            foreach (var group in all
                .Where(g => c["id"] is null || g.Id == c["id"])
                .Where(g => c["securitygroupname"] is null || g.Name == c["securitygroupname"])
                .Where(g => c["keyword"] is null || g.Name.Contains(c["keyword"]!, StringComparison.OrdinalIgnoreCase))
                .Where(g => c["virtualmachineid"] is null || ports.Any(p => p.InstanceId == c["virtualmachineid"] && p.SecurityGroups.Contains(g.Id)))
                .OrderBy(g => g.Name, StringComparer.Ordinal))
            {
                views.Add(await ViewAsync(session, group, ports, c.Cancellation, all));
            }

            return views;
        }, c.Cancellation);

        var result = new JsonObject { ["count"] = groups.Count };
        if (groups.Count > 0)
        {
            result["securitygroup"] = new JsonArray([.. groups.Skip(skip).Take(take).Select(g => (JsonNode)g)]);
        }

        return result;
    }

    /// <summary>
    /// BaseListCmd's paging: page and pagesize come together, pagesize is at most the default page
    /// size (500) or -1 for everything, and -1 takes no page.
    /// </summary>
    private static (int Skip, int Take) Paging(Context c)
    {
        const int MaxPageSize = 500;
        var page = Int(c, "page");
        var size = Int(c, "pagesize");
        if (page is null && size is not null and not -1)
        {
            throw new CsException(431, "\"page\" parameter is required when \"pagesize\" is specified", 9999);
        }

        if (size is null && page is not null)
        {
            throw new CsException(431, "\"pagesize\" parameter is required when \"page\" is specified", 9999);
        }

        if (size > MaxPageSize)
        {
            throw CsException.Invalid($"Page size can't exceed max allowed page size value: {MaxPageSize}");
        }

        if (size == -1 && page is not null)
        {
            throw CsException.Invalid("Can't specify page parameter when pagesize is -1 (Unlimited)");
        }

        if (page < 1 || size is < 1 and not -1)
        {
            throw CsException.Invalid("Page and pagesize must be positive");
        }

        return size is null or -1 ? (0, int.MaxValue) : ((int)Math.Min(int.MaxValue, (page!.Value - 1L) * size.Value), size.Value);
    }

    private static async Task<JsonObject> CreateAsync(Context c)
    {
        var name = c.Parameters.TryGetValue("name", out var given) ? given.Trim() : throw CsException.Missing(c.Command, "name");
        if (name.Length == 0)
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
            if ((await session.GroupsWithRulesAsync(project, c.Cancellation)).Any(g => g.Name == name))
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
        // DeleteSecurityGroupCmd.getId's checks and texts.
        var (id, name) = (c["id"], c["name"]);
        if (id is not null && name is not null)
        {
            throw CsException.Invalid("name and id parameters are mutually exclusive");
        }

        await c.Store.WriteAsync(async session =>
        {
            var group = name is not null
                ? await GroupByNameAsync(session, c, name) ?? throw CsException.Invalid($"Unable to find security group by name {name} for the account id={Owner(c)}")
                : id is not null ? await GroupByIdAsync(session, c, "id", id)
                : throw CsException.Invalid("Either id or name parameter is required by deleteSecurityGroup command");
            if (group.Name == SecurityGroup.DefaultName)
            {
                throw CsException.Invalid("The network group default is reserved");
            }

            try
            {
                await SecurityGroupOperations.DeleteAsync(session, c.Caller, group, c.Cancellation);
            }
            catch (GroupInUse inUse) when (inUse.ReferencedBy.Count > 0 || inUse.Ports.Count > 0)
            {
                // SecurityGroupManagerImpl.deleteSecurityGroup's texts, in its order: the rules that allow the group, then its VMs.
                // A group bound wider than a port (native bindings) has no CloudStack text: the shared one is translated.
                throw new CsException(536, inUse.ReferencedBy.Count > 0 ? "Cannot delete group when there are security rules that allow this group" : "Cannot delete group when it's in use by virtual machines", 4365);
            }

            await session.DeleteAsync(Kinds.CsImplicitEgress, group.Id, c.Cancellation);
            return true;
        }, c.Cancellation);
        return new JsonObject { ["success"] = "true" };
    }

    /// <summary>Admin only (checked before any parameter, as CloudStack's API access check is), and only a rename, as in CloudStack 4.14+.</summary>
    private static async Task<JsonObject> UpdateAsync(Context c)
    {
        c.Caller.EnsurePlatformAdmin();
        var id = c["id"] ?? throw CsException.Missing(c.Command, "id");
        return await c.Store.WriteAsync(async session =>
        {
            var group = await GroupByIdAsync(session, c, "id", id);
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

    /// <summary>
    /// CloudStack reads the parameters and finds the group (for the job's event) before it queues the
    /// job, so those refusals answer the call; what authorizeSecurityGroupRule refuses fails the job.
    /// </summary>
    private static async Task<JsonObject> AuthorizeAsync(Context c, string direction)
    {
        var request = AuthorizeRequest.Read(c.Parameters, c.Command);
        var groupId = (await c.Store.ReadAsync(session => AuthorizedGroupAsync(session, c), c.Cancellation)).Id;
        return await AsyncJob(c, () => AuthorizeJobAsync(c, direction, request, groupId));
    }

    private static async Task<JsonObject> AuthorizeJobAsync(Context c, string direction, AuthorizeRequest request, string groupId)
    {
        return await c.Store.WriteAsync(async session =>
        {
            var group = await GroupByIdAsync(session, c, "securitygroupid", groupId);
            var shape = request.Check();
            var resolved = request.CidrDrafts(shape, direction).ToList();
            foreach (var (groupName, account) in request.Groups)
            {
                // An account is a project, found by name as CloudStack finds an account in the group's domain.
                var owner = (await session.ListAsync<ProjectDocument>(Kinds.Project, null, c.Cancellation)).FirstOrDefault(p => p.Name == account && c.Caller.CanRead(p.Id))
                    ?? throw CsException.Invalid($"Nonexistent account: {account} when trying to authorize security group rule  for {group.Id}:{shape.CsProtocol}:{shape.StartOrType}:{shape.EndOrCode}");
                var remote = (await session.GroupsWithRulesAsync(owner.Id, c.Cancellation)).FirstOrDefault(g => g.Name == groupName)
                    ?? throw CsException.Invalid($"Nonexistent group {groupName} for account {account}/ROOT is given, unable to authorize security group rule.");
                resolved.Add(new RuleDraft(direction, "IPv4", shape.Protocol, shape.Min, shape.Max, RemoteGroupId: remote.Id));
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
                    group = (await session.GroupWithRulesAsync(group.Id, c.Cancellation))!;
                }

                await session.PutAsync(Kinds.CsImplicitEgress, group.Id, group.ProjectId, "[]", c.Cancellation);
            }

            var added = await RuleOperations.AddAsync(session, c.Caller, group, fresh, c.Cancellation);
            group = (await session.GroupWithRulesAsync(group.Id, c.Cancellation))!;
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

    /// <summary>An unknown rule id is refused by the parameter processor, before the job; a wrong direction fails the job.</summary>
    private static async Task<JsonObject> RevokeAsync(Context c, string direction)
    {
        var id = c["id"] ?? throw CsException.Missing(c.Command, "id");
        await c.Store.ReadAsync(session => RuleGroupAsync(session, c, id), c.Cancellation);
        return await AsyncJob(c, () => RevokeJobAsync(c, direction, id));
    }

    /// <summary>The group of a rule the caller may read, with its rules, found by the rule's row.</summary>
    private static async Task<GroupDocument> RuleGroupAsync(IStoreSession session, Context c, string ruleId) =>
        await session.RuleAsync(ruleId, c.Cancellation) is { } rule
            && await session.GroupWithRulesAsync(rule.GroupId, c.Cancellation) is { ProjectId: { } project } group
            && c.Caller.CanRead(project)
            ? group
            : throw CsException.UnknownId(c.Command, "id", ruleId);

    private static async Task<JsonObject> RevokeJobAsync(Context c, string direction, string id)
    {
        await c.Store.WriteAsync(async session =>
        {
            var group = await RuleGroupAsync(session, c, id);
            if (group.Rules.First(r => r.Id == id).Direction != direction)
            {
                throw CsException.Invalid($"Mismatch in rule type for security rule with id {id}");
            }

            await RuleOperations.DeleteAsync(session, c.Caller, group, id, c.Cancellation);
            group = (await session.GroupWithRulesAsync(group.Id, c.Cancellation))!;
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
        var vm = c["id"] ?? throw CsException.Missing(c.Command, "id");
        if (c["securitygroupids"] is not null && c["securitygroupnames"] is not null)
        {
            throw CsException.Invalid("securitygroupids and securitygroupnames parameters are mutually exclusive");
        }

        return await c.Store.WriteAsync(async session =>
        {
            var ports = (await session.ListAsync<PortDocument>(Kinds.Port, null, c.Cancellation)).Where(p => p.InstanceId == vm && c.Caller.CanRead(p.ProjectId)).ToList();
            if (ports.Count == 0)
            {
                throw CsException.UnknownId(c.Command, "id", vm);
            }

            var groups = new List<GroupDocument>();
            foreach (var item in Items(c["securitygroupids"]))
            {
                groups.Add(await GroupByIdAsync(session, c, "securitygroupids", item));
            }

            foreach (var item in Items(c["securitygroupnames"]))
            {
                groups.Add(await GroupByNameAsync(session, c, item) ?? throw CsException.Invalid($"Unable to find security group by name {item}"));
            }

            // CloudStack keeps a VM's groups as a set: a group given twice is put on once.
            groups = [.. groups.DistinctBy(g => g.Id)];
            foreach (var port in ports)
            {
                // A group the port's project may not name (another account's) does not exist for it, as for the caller above.
                await PortGroupOperations.SetGroupsAsync(session, c.Caller, port, [.. groups.Select(g => g.Id)], id => CsException.UnknownId(c.Command, "securitygroupids", id), c.Cancellation);
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
    private static async Task<JsonObject> AsyncJob(Context c, Func<Task<JsonObject>> work)
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
        job["cmd"] = $"org.apache.cloudstack.api.command.user.securitygroup.{char.ToUpperInvariant(c.Command[0])}{c.Command[1..]}Cmd";
        job["created"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss+0000", CultureInfo.InvariantCulture);
        job["userid"] = c.Caller.Principal;
        await c.Store.ReportAsync(Kinds.CsJob, jobId, job.ToJsonString(), c.Cancellation);
        return new JsonObject { ["jobid"] = jobId };
    }

    private static async Task<JsonObject> QueryJobAsync(Context c)
    {
        var id = c["jobid"] ?? throw CsException.Missing(c.Command, "jobid");
        var job = await c.Store.ReadAsync(s => s.GetAsync(Kinds.CsJob, id, c.Cancellation), c.Cancellation);
        var body = job is null ? null : JsonNode.Parse(job.Body)!.AsObject();
        return body is not null && ((string?)body["userid"] == c.Caller.Principal || c.Caller.IsPlatformAdmin)
            ? body
            : throw CsException.UnknownId(c.Command, "jobid", id);
    }

    private static string Project(Context c) =>
        c["projectid"] ?? (c.Caller.Roles.Count == 1 ? c.Caller.Roles.Keys.Single() : throw CsException.Invalid("projectid is required: your account is in several projects"));

    /// <summary>The account a call acts for: its projectid, or the caller's only project.</summary>
    private static string? Owner(Context c) => c["projectid"] ?? (c.Caller.Roles.Count == 1 ? c.Caller.Roles.Keys.Single() : null);

    /// <summary>A group the caller can see; another project's group does not exist for it.</summary>
    private static async Task<GroupDocument?> VisibleGroupAsync(IStoreSession session, Context c, string id) =>
        await session.GroupWithRulesAsync(id, c.Cancellation) is { ProjectId: { } project } group && c.Caller.CanRead(project) ? group : null;

    private static async Task<GroupDocument> GroupByIdAsync(IStoreSession session, Context c, string parameter, string id) =>
        await VisibleGroupAsync(session, c, id) ?? throw CsException.UnknownId(c.Command, parameter, id);

    /// <summary>A group by name in the account the call acts for, as CloudStack names groups per account.</summary>
    private static async Task<GroupDocument?> GroupByNameAsync(IStoreSession session, Context c, string name) =>
        (await session.GroupsWithRulesAsync(Owner(c), c.Cancellation)).FirstOrDefault(g => g.Name == name && g.ProjectId is not null && c.Caller.CanRead(g.ProjectId));

    /// <summary>The group of an authorize call, by AuthorizeSecurityGroupIngressCmd.getSecurityGroupId's checks and texts.</summary>
    private static async Task<GroupDocument> AuthorizedGroupAsync(IStoreSession session, Context c)
    {
        var (id, name) = (c["securitygroupid"], c["securitygroupname"]);
        if (id is not null && name is not null)
        {
            throw CsException.Invalid("securityGroupId and securityGroupName parameters are mutually exclusive");
        }

        return name is not null
            ? await GroupByNameAsync(session, c, name) ?? throw CsException.Invalid($"Unable to find security group {name} for account id={Owner(c)}")
            : id is not null ? await GroupByIdAsync(session, c, "securitygroupid", id)
            : throw CsException.Invalid($"Either securityGroupId or securityGroupName is required by {c.Command} command");
    }

    private static string[] Items(string? list) => list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static async Task<HashSet<string>> HiddenEgressAsync(IStoreSession session, string groupId, CancellationToken cancellationToken) =>
        await session.GetAsync(Kinds.CsImplicitEgress, groupId, cancellationToken) is { } stored
            ? [.. JsonSerializer.Deserialize<List<string>>(stored.Body)!]
            : [];

    /// <param name="ports">The ports to count the group's machines in; null: its project's, read here.</param>
    /// <param name="groups">Groups that include the group's project's (a rule's remote group is in its own project), to name
    /// remote groups; null: its project's, read here. A list passes the groups it read once instead of a read per group.</param>
    private static async Task<JsonObject> ViewAsync(IStoreSession session, GroupDocument group, List<PortDocument>? ports, CancellationToken cancellationToken, IReadOnlyList<GroupDocument>? groups = null)
    {
        var project = group.ProjectId is null ? null : await session.GetAsync<ProjectDocument>(Kinds.Project, group.ProjectId, cancellationToken);
        ports ??= await session.ListAsync<PortDocument>(Kinds.Port, group.ProjectId, cancellationToken);
        var machines = ports.Where(p => p.SecurityGroups.Contains(group.Id) && p.InstanceId is not null).Select(p => p.InstanceId!).Distinct().Order(StringComparer.Ordinal).ToList();
        groups ??= await session.GroupsWithRulesAsync(group.ProjectId, cancellationToken);
        var names = groups.ToDictionary(g => g.Id, g => g.Name);
        var addressGroups = group.Rules.Any(r => r.RemoteAddressGroupId is not null)
            ? (await session.ListAsync<AddressGroupDocument>(Kinds.AddressGroup, group.ProjectId, cancellationToken)).ToDictionary(a => a.Id, a => a.Addresses)
            : [];
        return CsViews.Group(group, project, await HiddenEgressAsync(session, group.Id, cancellationToken), machines, names, addressGroups);
    }

    private static int? Int(Context c, string name) =>
        c[name] is not { } text ? null
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw CsException.NotANumber(c.Command, name, text);
}
