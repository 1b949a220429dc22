using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Model;
using Palisade.Core.Validation;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Server.Operations;
using Palisade.Store;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// <c>/v2.0/security-groups</c> and <c>/v2.0/security-group-rules</c> as Neutron serves them, over
/// the same operations as the native API, so a group made here is the same group everywhere.
/// </summary>
internal static class NeutronSecurityGroupsApi
{
    private static readonly IReadOnlySet<string> GroupAttributes = new HashSet<string> { "name", "description", "stateful", "project_id", "tenant_id" };
    private static readonly IReadOnlySet<string> GroupUpdatable = new HashSet<string> { "name", "description", "stateful" };
    private static readonly IReadOnlySet<string> GroupReadOnly = new HashSet<string> { "id", "security_group_rules", "shared", "created_at", "updated_at", "revision_number" };
    private static readonly IReadOnlySet<string> GroupReadOnlyOnUpdate = new HashSet<string>(GroupReadOnly) { "project_id", "tenant_id" };
    private static readonly IReadOnlySet<string> GroupFilters = new HashSet<string> { "id", "name", "description", "project_id", "tenant_id", "stateful", "shared", "revision_number" };
    /// <summary>stateful and shared are booleans (neutron-lib's <c>convert_to_boolean</c>), so <c>stateful=0</c> finds stateless groups.</summary>
    private static readonly IReadOnlyDictionary<string, Func<string, string>> GroupFilterConverters = new Dictionary<string, Func<string, string>>
    {
        ["stateful"] = NeutronQuery.Boolean,
        ["shared"] = NeutronQuery.Boolean,
    };

    private static readonly IReadOnlySet<string> GroupSortKeys = new HashSet<string> { "id", "name", "project_id", "tenant_id" };
    private static readonly IReadOnlySet<string> RuleFilters = new HashSet<string>
    {
        "id", "security_group_id", "direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix",
        "normalized_cidr", "remote_group_id", "remote_address_group_id", "description", "project_id", "tenant_id", "belongs_to_default_sg", "revision_number",
    };

    private static readonly IReadOnlySet<string> RuleSortKeys = new HashSet<string>
    {
        "id", "direction", "ethertype", "port_range_max", "port_range_min", "protocol", "remote_group_id", "remote_address_group_id", "remote_ip_prefix", "security_group_id", "project_id", "tenant_id", "normalized_cidr",
    };

    public static RouteGroupBuilder MapNeutronSecurityGroups(this RouteGroupBuilder neutron)
    {
        neutron.MapGet("/security-groups", ListGroupsAsync);
        neutron.MapPost("/security-groups", CreateGroupsAsync);
        neutron.MapGet("/security-groups/{id}", GetGroupAsync);
        neutron.MapPut("/security-groups/{id}", UpdateGroupAsync);
        neutron.MapDelete("/security-groups/{id}", DeleteGroupAsync);
        neutron.MapGet("/security-group-rules", ListRulesAsync);
        neutron.MapPost("/security-group-rules", CreateRulesAsync);
        neutron.MapGet("/security-group-rules/{id}", GetRuleAsync);
        neutron.MapDelete("/security-group-rules/{id}", DeleteRuleAsync);
        return neutron;
    }

    private static async Task<IResult> ListGroupsAsync(HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var views = await store.ReadAsync(s => VisibleGroupsAsync(s, caller, cancellationToken), cancellationToken);
        return Results.Json(NeutronQuery.List(context, "security_groups", views.Select(v => v.View), GroupFilters, GroupSortKeys, converters: GroupFilterConverters));
    }

    private static async Task<IResult> GetGroupAsync(string id, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var view = await store.ReadAsync(s => GroupViewAsync(s, caller, id, cancellationToken), cancellationToken);
        return Results.Json(new JsonObject { ["security_group"] = NeutronQuery.Project(view, Fields(context)) });
    }

    private static async Task<IResult> CreateGroupsAsync(HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var items = await NeutronBody.ReadAsync(request, "security_group", "security_groups", allowBulk: true, GroupAttributes, GroupReadOnly, cancellationToken);

        // The body is checked (400, and 409 for the name default) before the policy (403), as in Neutron.
        var drafts = items.Select(item => (Draft: GroupDraft(item), Stateful: NeutronBody.Boolean(item, "stateful") ?? true, Project: NeutronBody.ProjectId(item))).ToList();
        var created = await store.WriteAsync(async session =>
        {
            var views = new JsonArray();
            foreach (var (draft, stateful, requested) in drafts)
            {
                var project = NeutronProjects.Of(caller, requested, "create_security_group");
                var group = await SecurityGroupOperations.CreateAsync(session, caller, project, draft, stateful, withTemplateRules: true, cancellationToken);
                views.Add(await GroupViewAsync(session, caller, group.Id, cancellationToken));
            }

            return views;
        }, cancellationToken);
        var body = IsBulk(request)
            ? new JsonObject { ["security_groups"] = created }
            : new JsonObject { ["security_group"] = created[0]!.DeepClone() };
        return Results.Json(body, statusCode: 201);
    }

    private static async Task<IResult> UpdateGroupAsync(string id, HttpRequest request, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var item = (await NeutronBody.ReadAsync(request, "security_group", "security_groups", allowBulk: false, GroupUpdatable, GroupReadOnlyOnUpdate, cancellationToken))[0];
        var changes = new GroupDraft(NeutronBody.String(item, "name"), NeutronBody.String(item, "description"));
        var stateful = NeutronBody.Boolean(item, "stateful");
        var view = await store.WriteAsync(async session =>
        {
            var group = await RequireGroupAsync(session, caller, id, cancellationToken);
            Preconditions.CheckRevision(context, group.RevisionNumber);

            // Neutron's policy (403) answers before its checks of the change (409).
            await caller.EnsureGroupWritableAsync(session, group, cancellationToken);
            CheckName(group, changes.Name);
            if (stateful is { } wanted && wanted != group.Stateful && (await session.ListAsync<PortDocument>(Kinds.Port, group.ProjectId, cancellationToken)).Any(p => p.SecurityGroups.Contains(id)))
            {
                throw new ApiException(409, "Conflict", $"Security Group {id} in use.", code: "SecurityGroupInUse");
            }

            await SecurityGroupOperations.UpdateAsync(session, caller, group, changes, stateful, cancellationToken);
            return await GroupViewAsync(session, caller, id, cancellationToken);
        }, cancellationToken);
        return Results.Json(new JsonObject { ["security_group"] = view });
    }

    private static async Task<IResult> DeleteGroupAsync(string id, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        await store.WriteAsync(async session =>
        {
            var group = await RequireGroupAsync(session, caller, id, cancellationToken);
            Preconditions.CheckRevision(context, group.RevisionNumber);
            await SecurityGroupOperations.DeleteAsync(session, caller, group, cancellationToken);
            return true;
        }, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> ListRulesAsync(HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var groups = await store.ReadAsync(s => VisibleGroupsAsync(s, caller, cancellationToken), cancellationToken);
        var rules = groups.SelectMany(g => g.View["security_group_rules"]!.AsArray().Select(r => (JsonObject)r!));
        return Results.Json(NeutronQuery.List(context, "security_group_rules", rules, RuleFilters, RuleSortKeys, converters: NeutronRuleRequest.FilterConverters));
    }

    private static async Task<IResult> GetRuleAsync(string id, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var rule = await store.ReadAsync(async s => await RuleViewAsync(s, caller, id, cancellationToken), cancellationToken);
        return Results.Json(new JsonObject { ["security_group_rule"] = NeutronQuery.Project(rule, Fields(context)) });
    }

    private static async Task<IResult> CreateRulesAsync(HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var items = await NeutronBody.ReadAsync(request, "security_group_rule", "security_group_rules", allowBulk: true, NeutronRuleRequest.Attributes, NeutronRuleRequest.ReadOnly, cancellationToken);
        var parsed = items.Select(NeutronRuleRequest.Parse).ToList();
        if (parsed.Select(p => p.GroupId).Distinct().Count() > 1)
        {
            throw NeutronErrors.BadRequest("SecurityGroupNotSingleGroupRules", "Only allowed to update rules for one security profile at a time");
        }

        var projects = items.Select(NeutronBody.ProjectId).OfType<string>().Distinct().ToList();
        if (projects.Count > 1)
        {
            throw NeutronErrors.BadRequest("SecurityGroupRulesNotSingleProject", "Multiple project_ids in bulk security group rule create not allowed");
        }

        // A rule naming a project that is not the caller's is refused by Neutron's policy (403) before
        // its group is looked up; one in a group the caller cannot see is 404, like every such group.
        var project = projects.SingleOrDefault();
        if (project is not null)
        {
            NeutronProjects.EnsureMayCreateFor(caller, project, "create_security_group_rule");
        }

        var groupId = parsed[0].GroupId;
        var created = await store.WriteAsync(async session =>
        {
            var group = await RequireGroupAsync(session, caller, groupId, cancellationToken);
            if (project is not null && project != group.ProjectId && !caller.IsPlatformAdmin)
            {
                throw NeutronProjects.NotAuthorized("create_security_group_rule");
            }

            var documents = await RuleOperations.AddAsync(session, caller, group, [.. parsed.Select(p => p.Draft)], cancellationToken);

            // The new rules' views only: the group's other rules are not read.
            var row = (await session.GroupAsync(groupId, cancellationToken))!;
            var defaultId = group.Name == SecurityGroup.DefaultName ? group.Id : null;
            return new JsonArray([.. documents.Select(d => (JsonNode)NeutronViews.Rule(d, group, row, defaultId))]);
        }, cancellationToken);
        var body = IsBulk(request)
            ? new JsonObject { ["security_group_rules"] = created }
            : new JsonObject { ["security_group_rule"] = created[0]!.DeepClone() };
        return Results.Json(body, statusCode: 201);
    }

    private static async Task<IResult> DeleteRuleAsync(string id, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        await store.WriteAsync(async session =>
        {
            var (rule, owner) = await VisibleRuleAsync(session, caller, id, cancellationToken);
            Preconditions.CheckRevision(context, rule.Revision);
            await RuleOperations.DeleteAsync(session, caller, owner, id, cancellationToken);
            return true;
        }, cancellationToken);
        return Results.NoContent();
    }

    private static GroupDraft GroupDraft(JsonObject item)
    {
        var name = NeutronBody.String(item, "name") ?? "";
        if (IsDefaultName(name))
        {
            throw DefaultAlreadyExists();
        }

        // Neutron allows an empty name; Palisade's groups are always named, so an empty one is a 400 naming the field.
        return new GroupDraft(name, NeutronBody.String(item, "description") ?? "");
    }

    /// <summary>
    /// Neutron refuses any PUT naming the default group (even with its own name) and any rename to
    /// default, both as 409; a malformed name was already refused as 400.
    /// </summary>
    private static void CheckName(GroupDocument group, string? name)
    {
        if (name is null)
        {
            return;
        }

        if (group.Name == SecurityGroup.DefaultName)
        {
            throw new ApiException(409, "Conflict", "Updating default security group not allowed.", code: "SecurityGroupCannotUpdateDefault");
        }

        if (IsDefaultName(name))
        {
            throw DefaultAlreadyExists();
        }
    }

    private static bool IsDefaultName(string name) => name.Trim().Equals(SecurityGroup.DefaultName, StringComparison.OrdinalIgnoreCase);

    private static ApiException DefaultAlreadyExists() => new(409, "Conflict", "Default security group already exists.", code: "SecurityGroupDefaultAlreadyExists");

    private static async Task<List<(GroupDocument Group, JsonObject View)>> VisibleGroupsAsync(IStoreSession session, Caller caller, CancellationToken cancellationToken)
    {
        var visibility = GroupVisibility.Of(session, caller);
        var visible = new List<SecurityGroupRow>();
        foreach (var row in await session.AllGroupRowsAsync(null, cancellationToken))
        {
            if (await visibility.CanSeeAsync(SecurityGroupRows.ToDocument(row, []), cancellationToken))
            {
                visible.Add(row);
            }
        }

        var groups = await session.WithRulesAsync(visible, everyGroup: caller.IsPlatformAdmin, cancellationToken);
        var defaults = groups.Where(g => g.Name == SecurityGroup.DefaultName && g.ProjectId is not null).Select(g => g.Id).ToHashSet();
        var tags = await session.GroupTagsOfAsync(caller.IsPlatformAdmin ? null : [.. visible.Select(v => v.Id)], cancellationToken);
        return [.. groups.Zip(visible, (group, row) => (group, NeutronViews.Group(group, row, defaults.Contains(group.Id) ? group.Id : null, tags.GetValueOrDefault(group.Id))))];
    }

    private static async Task<JsonObject> GroupViewAsync(IStoreSession session, Caller caller, string id, CancellationToken cancellationToken)
    {
        var row = await session.GroupAsync(id, cancellationToken);
        if (row is null || !await GroupVisibility.Of(session, caller).CanSeeAsync(SecurityGroupRows.ToDocument(row, []), cancellationToken))
        {
            throw GroupNotFound(id);
        }

        var group = SecurityGroupRows.ToDocument(row, await session.RulesOfGroupsAsync([id], cancellationToken));
        var defaultId = group.Name == SecurityGroup.DefaultName ? group.Id : null;
        return NeutronViews.Group(group, row, defaultId, await session.GroupTagsAsync(id, cancellationToken));
    }

    /// <summary>The rule by its row and its group without the group's other rules, or Neutron's 404 when either is missing or not the caller's to see.</summary>
    private static async Task<(RuleRow Rule, GroupDocument Group)> VisibleRuleAsync(IStoreSession session, Caller caller, string id, CancellationToken cancellationToken)
    {
        if (await session.RuleAsync(id, cancellationToken) is { } rule
            && await session.GroupWithoutRulesAsync(rule.GroupId, cancellationToken) is { } group
            && await GroupVisibility.Of(session, caller).CanSeeAsync(group, cancellationToken))
        {
            return (rule, group);
        }

        throw new ApiException(404, "Not found", $"Security group rule {id} does not exist", code: "SecurityGroupRuleNotFound");
    }

    private static async Task<JsonObject> RuleViewAsync(IStoreSession session, Caller caller, string id, CancellationToken cancellationToken)
    {
        var (rule, group) = await VisibleRuleAsync(session, caller, id, cancellationToken);
        var row = (await session.GroupAsync(group.Id, cancellationToken))!;
        return NeutronViews.Rule(SecurityGroupRows.ToDocument(rule), group, row, group.Name == SecurityGroup.DefaultName && group.ProjectId is not null ? group.Id : null);
    }

    /// <summary>The group without its rules, or Neutron's 404 (in its words) when it is missing or another project's.</summary>
    private static async Task<GroupDocument> RequireGroupAsync(IStoreSession session, Caller caller, string id, CancellationToken cancellationToken)
    {
        var group = await session.GroupWithoutRulesAsync(id, cancellationToken);
        return group is not null && await GroupVisibility.Of(session, caller).CanSeeAsync(group, cancellationToken) ? group : throw GroupNotFound(id);
    }

    private static ApiException GroupNotFound(string id) => new(404, "Not found", $"Security group {id} does not exist", code: "SecurityGroupNotFound");

    private static List<string> Fields(HttpContext context) => [.. context.Request.Query["fields"].Where(f => !string.IsNullOrEmpty(f)).Select(f => f!)];

    private static bool IsBulk(HttpRequest request) => request.HttpContext.Items[NeutronBody.BulkKey] is true;
}
