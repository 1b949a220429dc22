using System.Text.Json.Nodes;

namespace Palisade.Server.Compat.Neutron;

/// <summary>
/// The OpenStack Networking (Neutron) v2.0 dialect under <c>/v2.0</c>, for mCloud's clients: the
/// <c>openstack</c> CLI, openstacksdk, terraform. Authentication is Neutron's <c>X-Auth-Token</c>
/// header carrying a Palisade token (clouds.yaml <c>auth_type: admin_token</c>). Every refusal is a
/// NeutronError body. <c>/v2.0/extensions</c> lists exactly the aliases served here.
/// </summary>
public static class NeutronApi
{
    private static readonly (string Alias, string Name, string Description)[] Extensions =
    [
        ("security-group", "security-group", "The security groups extension."),
        ("stateful-security-group", "Stateful security group", "Indicates if the security group is stateful or not"),
        ("port-security", "Port Security", "Provides port security"),
        ("allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs"),
        ("quotas", "Quota management support", "Expose functions for quotas management per project"),
        ("quota_details", "Quota details management support", "Expose functions for quotas usage statistics per project"),
        ("security-groups-default-rules", "Default rules for security groups", "Configure set of security group rules used as default security group rules"),
        ("project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled."),
        ("pagination", "Pagination support", "Extension that indicates that pagination is enabled."),
        ("sorting", "Sorting support", "Extension that indicates that sorting is enabled."),
        ("filter-validation", "Filter parameters validation", "Provides validation on filter parameters."),
        ("sort-key-validation", "Sort keys validation", "Provides validation on sort keys."),
        ("standard-attr-tag", "Tag support for resources with standard attribute: security_group, port", "Enables to set tag on resources with standard attribute."),
        ("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes"),
        ("standard-attr-revisions", "Resource revision numbers", "This extension will display the revision number of neutron resources."),
        ("standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."),
        ("revision-if-match", "If-Match constraints based on revision_number", "Extension indicating that If-Match based on revision_number is supported."),
        ("port-security-groups-filtering", "Port filtering on security groups", "Provides security groups filtering when listing ports"),
        ("security-groups-rules-belongs-to-default-sg", "Security group rule belongs to the project's default security group", "Flag to determine if the security group rule belongs to the project's default security group"),
        ("security-groups-normalized-cidr", "Normalized CIDR field for security group rules", "Add new field with normalized remote_ip_prefix cidr in SG rule"),
        ("address-group", "Address group", "Support address group"),
        ("security-groups-remote-address-group", "Remote address group id field for security group rules", "Add new field of remote address group id in SG rules"),
    ];

    public static IEndpointRouteBuilder MapNeutronApi(this IEndpointRouteBuilder app)
    {
        var neutron = app.MapGroup("/v2.0").AddEndpointFilter(NeutronErrors.FilterAsync).ExcludeFromDescription();
        neutron.MapGet("/extensions", () => Results.Json(new JsonObject { ["extensions"] = new JsonArray([.. Extensions.Select(Extension)]) }));
        neutron.MapGet("/extensions/{alias}", (string alias) => Extensions.FirstOrDefault(e => e.Alias == alias) is { Alias: not null } found
            ? Results.Json(new JsonObject { ["extension"] = Extension(found) })
            : NeutronErrors.Error(404, "ExtensionNotFound", $"Extension with alias {alias} does not exist"));
        neutron.MapNeutronSecurityGroups().MapNeutronPorts().MapNeutronQuotas().MapNeutronTags().MapNeutronDefaultRules().MapNeutronNetworks().MapNeutronAddressGroups();
        return app;
    }

    private static JsonObject Extension((string Alias, string Name, string Description) extension) => new()
    {
        ["alias"] = extension.Alias,
        ["name"] = extension.Name,
        ["description"] = extension.Description,
        ["updated"] = "2026-11-26T00:00:00-00:00",
        ["links"] = new JsonArray(),
    };
}
