using System.Text.Json.Nodes;
using Palisade.Core.Validation;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Server.Operations;
using Palisade.Store;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// <c>/v2.0/default-security-group-rules</c> (extension security-groups-default-rules): the templates
/// new groups start with. Everyone reads them; only admins make and delete them; a template that
/// duplicates another of the same class (default groups, other groups) is 409.
/// </summary>
internal static class NeutronDefaultRulesApi
{
    private static readonly IReadOnlySet<string> Attributes = new HashSet<string>
    {
        "direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id",
        "remote_address_group_id", "description", "used_in_default_sg", "used_in_non_default_sg",
    };

    private static readonly IReadOnlySet<string> ReadOnly = new HashSet<string> { "id" };

    private static readonly IReadOnlySet<string> Filters = new HashSet<string>(Attributes) { "id" };

    /// <summary>
    /// A template's attributes convert as a rule's do (neutron/extensions/securitygroup.py); its prefix
    /// is kept as its network here, so that filter compares as given.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, Func<string, string>> FilterConverters =
        new Dictionary<string, Func<string, string>>(NeutronRuleRequest.FilterConverters.Where(c => c.Key != "remote_ip_prefix"))
        {
            ["used_in_default_sg"] = NeutronQuery.Boolean,
            ["used_in_non_default_sg"] = NeutronQuery.Boolean,
        };

    public static RouteGroupBuilder MapNeutronDefaultRules(this RouteGroupBuilder neutron)
    {
        neutron.MapGet("/default-security-group-rules", ListAsync);
        neutron.MapGet("/default-security-group-rules/{id}", GetAsync);
        neutron.MapPost("/default-security-group-rules", CreateAsync);
        neutron.MapDelete("/default-security-group-rules/{id}", DeleteAsync);
        return neutron;
    }

    private static async Task<IResult> ListAsync(HttpContext context, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var templates = await store.ReadAsync(s => s.ListAsync<DefaultRuleTemplateDocument>(Kinds.DefaultRuleTemplate, null, cancellationToken), cancellationToken);
        return Results.Json(NeutronQuery.List(context, "default_security_group_rules", templates.Select(View), Filters, Filters, converters: FilterConverters));
    }

    private static async Task<IResult> GetAsync(string id, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var template = await store.ReadAsync(s => s.GetAsync<DefaultRuleTemplateDocument>(Kinds.DefaultRuleTemplate, id, cancellationToken), cancellationToken)
            ?? throw NotFound(id);
        return Results.Json(new JsonObject { ["default_security_group_rule"] = View(template) });
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var items = await NeutronBody.ReadAsync(request, "default_security_group_rule", "default_security_group_rules", allowBulk: true, Attributes, ReadOnly, cancellationToken);
        caller.EnsurePlatformAdmin();
        var templates = items.Select(Parse).ToList();
        var created = await store.WriteAsync(async session =>
        {
            var existing = await session.ListAsync<DefaultRuleTemplateDocument>(Kinds.DefaultRuleTemplate, null, cancellationToken);
            var accepted = new List<DefaultRuleTemplateDocument>();
            foreach (var template in templates)
            {
                if (existing.FirstOrDefault(e => SameClass(e, template) && Same(e, template)) is { } duplicate)
                {
                    throw new ApiException(409, "Conflict", $"Default security group rule already exists. Rule id is {duplicate.Id}.", code: "DefaultSecurityGroupRuleExists");
                }

                if (accepted.Any(a => SameClass(a, template) && Same(a, template)))
                {
                    throw new ApiException(409, "Conflict", "Duplicate Default Security Group Rule in POST.", code: "DuplicateDefaultSgRuleInPost");
                }

                if (template.RemoteAddressGroupId is { } addressGroup && await session.GetAsync(Kinds.AddressGroup, addressGroup, cancellationToken) is null)
                {
                    throw AddressGroupOperations.NotFound(addressGroup);
                }

                accepted.Add(template);
                await session.PutAsync(Kinds.DefaultRuleTemplate, template.Id, null, template, cancellationToken);
            }

            return accepted;
        }, cancellationToken);
        var body = request.HttpContext.Items[NeutronBody.BulkKey] is true
            ? new JsonObject { ["default_security_group_rules"] = new JsonArray([.. created.Select(t => (JsonNode)View(t))]) }
            : new JsonObject { ["default_security_group_rule"] = View(created[0]) };
        return Results.Json(body, statusCode: 201);
    }

    private static async Task<IResult> DeleteAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        await store.WriteAsync(async session => await session.DeleteAsync(Kinds.DefaultRuleTemplate, id, cancellationToken) ? true : throw NotFound(id), cancellationToken);
        return Results.NoContent();
    }

    /// <summary>Checked as a rule is (Neutron applies the same base validation), with PARENT allowed as the remote group.</summary>
    private static DefaultRuleTemplateDocument Parse(JsonObject item)
    {
        var usedInDefault = NeutronBody.Boolean(item, "used_in_default_sg") ?? false;
        var usedInOther = NeutronBody.Boolean(item, "used_in_non_default_sg") ?? true;
        var description = NeutronBody.String(item, "description", 1024) ?? "";
        var rule = new JsonObject(item.Where(p => p.Key is not ("used_in_default_sg" or "used_in_non_default_sg" or "description")).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())))
        {
            ["security_group_id"] = "template",
        };
        var (_, draft) = NeutronRuleRequest.Parse(rule);
        var validation = RuleValidator.Validate(draft, "template", "template");
        if (!validation.IsValid)
        {
            throw NeutronErrors.BadRequest("InvalidInput", string.Join(" ", validation.Errors.Select(e => $"{e.Field} {e.Message}")));
        }

        var valid = validation.Rule;
        return new DefaultRuleTemplateDocument(Guid.NewGuid().ToString(), draft.Direction!, draft.EtherType!, draft.Protocol, valid.PortRangeMin, valid.PortRangeMax,
            draft.RemoteIpPrefix is null ? null : Apis.RuleMapping.ToDocument(valid, 0).RemoteIpPrefix, draft.RemoteGroupId, description, usedInDefault, usedInOther, draft.RemoteAddressGroupId);
    }

    private static bool SameClass(DefaultRuleTemplateDocument a, DefaultRuleTemplateDocument b) =>
        (a.UsedInDefaultSg && b.UsedInDefaultSg) || (a.UsedInNonDefaultSg && b.UsedInNonDefaultSg);

    private static bool Same(DefaultRuleTemplateDocument a, DefaultRuleTemplateDocument b) =>
        (a.Direction, a.Ethertype, a.Protocol ?? "", a.PortRangeMin, a.PortRangeMax, a.RemoteIpPrefix ?? "", a.RemoteGroupId ?? "", a.RemoteAddressGroupId ?? "")
        == (b.Direction, b.Ethertype, b.Protocol ?? "", b.PortRangeMin, b.PortRangeMax, b.RemoteIpPrefix ?? "", b.RemoteGroupId ?? "", b.RemoteAddressGroupId ?? "");

    private static JsonObject View(DefaultRuleTemplateDocument t) => new()
    {
        ["id"] = t.Id,
        ["direction"] = t.Direction,
        ["ethertype"] = t.Ethertype,
        ["protocol"] = t.Protocol,
        ["port_range_min"] = t.PortRangeMin,
        ["port_range_max"] = t.PortRangeMax,
        ["remote_ip_prefix"] = t.RemoteIpPrefix,
        ["remote_group_id"] = t.RemoteGroupId,
        ["remote_address_group_id"] = t.RemoteAddressGroupId,
        ["description"] = t.Description,
        ["used_in_default_sg"] = t.UsedInDefaultSg,
        ["used_in_non_default_sg"] = t.UsedInNonDefaultSg,
    };

    private static ApiException NotFound(string id) => new(404, "Not found", $"Default Security Group Rule {id} could not be found.", code: "DefaultSecurityGroupRuleNotFound");
}
