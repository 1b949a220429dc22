using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.Neutron;

/// <summary>
/// The error cases of research/neutron.md, one row each, as a Neutron client meets them: the status,
/// the NeutronError type clients branch on, the message, and a store left unchanged. Each row's
/// first value names the research line it checks; docs/compatibility/neutron-errors.md is the index.
/// </summary>
public sealed class NeutronRefusalsTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>
{
    /// <summary>
    /// Bodies are written with ' for " to stay readable. Placeholders: {project}, {default}, {group}
    /// (a custom group holding {rule}, tcp 22, and a rule from {peer}), {bound} (a group bound to {port}), {stateless} (a
    /// stateless group bound to {stateless_port}), {other},
    /// {other_group}, {other_rule}, {other_port} (another project's), {template} (a seeded default
    /// rule template), {random} (an id nothing has), {long} (256 characters).
    /// </summary>
    [Theory]
    // Security groups
    [InlineData("L37 a group for another project (project_id)", "member", "POST", "/v2.0/security-groups", "{'security_group': {'name': 'x', 'project_id': '{other}'}}", 403, "PolicyNotAuthorized", "rule:create_security_group is disallowed by policy")]
    [InlineData("L37 a group for another project (tenant_id)", "member", "POST", "/v2.0/security-groups", "{'security_group': {'name': 'x', 'tenant_id': '{other}'}}", 403, "PolicyNotAuthorized", "rule:create_security_group is disallowed by policy")]
    [InlineData("L37 a bulk create with one group for another project creates none", "member", "POST", "/v2.0/security-groups", "{'security_groups': [{'name': 'mine'}, {'name': 'theirs', 'project_id': '{other}'}]}", 403, "PolicyNotAuthorized", "rule:create_security_group is disallowed by policy")]
    [InlineData("L36 project_id and tenant_id differ", "member", "POST", "/v2.0/security-groups", "{'security_group': {'name': 'x', 'project_id': '{project}', 'tenant_id': '{other}'}}", 400, "HTTPBadRequest", "'project_id' and 'tenant_id' do not match")]
    [InlineData("L32 unknown attribute", "member", "POST", "/v2.0/security-groups", "{'security_group': {'name': 'x', 'colour': 'red'}}", 400, "HTTPBadRequest", "Unrecognized attribute(s) 'colour'")]
    [InlineData("L32 L93 id in a POST", "member", "POST", "/v2.0/security-groups", "{'security_group': {'name': 'x', 'id': '{random}'}}", 400, "HTTPBadRequest", "Attribute 'id' not allowed in POST")]
    [InlineData("L32 read-only security_group_rules in a POST", "member", "POST", "/v2.0/security-groups", "{'security_group': {'name': 'x', 'security_group_rules': []}}", 400, "HTTPBadRequest", "Attribute 'security_group_rules' not allowed in POST")]
    [InlineData("L78 L482 L493 name default, any case", "member", "POST", "/v2.0/security-groups", "{'security_group': {'name': 'DeFault'}}", 409, "SecurityGroupDefaultAlreadyExists", "Default security group already exists.")]
    [InlineData("L78 L402 name of 256 characters", "member", "POST", "/v2.0/security-groups", "{'security_group': {'name': '{long}'}}", 400, "HTTPBadRequest", "exceeds maximum length of 255")]
    [InlineData("L78 L403 name not a string", "member", "POST", "/v2.0/security-groups", "{'security_group': {'name': true}}", 400, "HTTPBadRequest", "Invalid input for name")]
    [InlineData("L79 description of 256 characters", "member", "POST", "/v2.0/security-groups", "{'security_group': {'name': 'x', 'description': '{long}'}}", 400, "HTTPBadRequest", "Invalid input for description")]
    [InlineData("L81 stateful not a boolean", "member", "POST", "/v2.0/security-groups", "{'security_group': {'name': 'x', 'stateful': 'maybe'}}", 400, "HTTPBadRequest", "is not a valid boolean")]
    [InlineData("L473 show a group that does not exist", "member", "GET", "/v2.0/security-groups/{random}", "", 404, "SecurityGroupNotFound", "Security group {random} does not exist")]
    [InlineData("L38 show another project's group", "member", "GET", "/v2.0/security-groups/{other_group}", "", 404, "SecurityGroupNotFound", "Security group {other_group} does not exist")]
    [InlineData("L38 update another project's group", "member", "PUT", "/v2.0/security-groups/{other_group}", "{'security_group': {'description': 'mine'}}", 404, "SecurityGroupNotFound", "does not exist")]
    [InlineData("L38 delete another project's group", "member", "DELETE", "/v2.0/security-groups/{other_group}", "", 404, "SecurityGroupNotFound", "does not exist")]
    [InlineData("L473 delete a group that does not exist", "member", "DELETE", "/v2.0/security-groups/{random}", "", 404, "SecurityGroupNotFound", "does not exist")]
    [InlineData("L71 a reader updates a group", "reader", "PUT", "/v2.0/security-groups/{group}", "{'security_group': {'description': 'x'}}", 403, "PolicyNotAuthorized", "reader")]
    [InlineData("L71 a reader renames the default group: the policy answers first", "reader", "PUT", "/v2.0/security-groups/{default}", "{'security_group': {'name': 'other'}}", 403, "PolicyNotAuthorized", "reader")]
    [InlineData("L97 L483 rename a group to default", "member", "PUT", "/v2.0/security-groups/{group}", "{'security_group': {'name': 'default'}}", 409, "SecurityGroupDefaultAlreadyExists", "Default security group already exists.")]
    [InlineData("L95 L404 rename the default group", "member", "PUT", "/v2.0/security-groups/{default}", "{'security_group': {'name': 'other'}}", 409, "SecurityGroupCannotUpdateDefault", "Updating default security group not allowed.")]
    [InlineData("L95 any PUT with a name on the default group", "member", "PUT", "/v2.0/security-groups/{default}", "{'security_group': {'name': 'default', 'description': 'x'}}", 409, "SecurityGroupCannotUpdateDefault", "Updating default security group not allowed.")]
    [InlineData("L405 too long a name on the default group is 400 first", "member", "PUT", "/v2.0/security-groups/{default}", "{'security_group': {'name': '{long}'}}", 400, "HTTPBadRequest", "exceeds maximum length of 255")]
    [InlineData("L405 a boolean name on the default group is 400 first", "member", "PUT", "/v2.0/security-groups/{default}", "{'security_group': {'name': false}}", 400, "HTTPBadRequest", "Invalid input for name")]
    [InlineData("L33 update project_id", "member", "PUT", "/v2.0/security-groups/{group}", "{'security_group': {'project_id': '{other}'}}", 400, "HTTPBadRequest", "Cannot update read-only attribute project_id")]
    [InlineData("L33 update id", "member", "PUT", "/v2.0/security-groups/{group}", "{'security_group': {'id': '{random}'}}", 400, "HTTPBadRequest", "Cannot update read-only attribute id")]
    [InlineData("L81 L416 change stateful of a bound group", "member", "PUT", "/v2.0/security-groups/{bound}", "{'security_group': {'stateful': false}}", 409, "SecurityGroupInUse", "Security Group {bound} in use.")]
    [InlineData("L81 L416 change stateful of a bound stateless group", "member", "PUT", "/v2.0/security-groups/{stateless}", "{'security_group': {'stateful': true}}", 409, "SecurityGroupInUse", "Security Group {stateless} in use.")]
    [InlineData("L98 L406 delete a bound group", "member", "DELETE", "/v2.0/security-groups/{bound}", "", 409, "SecurityGroupInUse", "in use")]
    [InlineData("L99 L497 a non-admin deletes the default group", "member", "DELETE", "/v2.0/security-groups/{default}", "", 409, "SecurityGroupCannotRemoveDefault", "default group")]
    // Where Palisade refuses what Neutron allows (docs/compatibility/neutron-errors.md says why)
    [InlineData("L99 L497 an admin deletes the default group: Palisade keeps it (design.md section 1)", "admin", "DELETE", "/v2.0/security-groups/{default}", "", 409, "SecurityGroupCannotRemoveDefault", "default group")]
    [InlineData("L101 delete a group other groups' rules name as remote: Palisade refuses instead of deleting those rules", "member", "DELETE", "/v2.0/security-groups/{peer}", "", 409, "SecurityGroupInUse", "is the remote group of rules in group {group}")]
    // Rules: who may create where
    [InlineData("L37 L494 a rule for another project", "member", "POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '{group}', 'direction': 'ingress', 'project_id': '{other}'}}", 403, "PolicyNotAuthorized", "rule:create_security_group_rule is disallowed by policy")]
    [InlineData("L37 L494 a rule for another project in its group", "member", "POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '{other_group}', 'direction': 'ingress', 'tenant_id': '{other}'}}", 403, "PolicyNotAuthorized", "rule:create_security_group_rule is disallowed by policy")]
    [InlineData("L192 a reader creates a rule", "reader", "POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '{group}', 'direction': 'ingress', 'protocol': 'udp'}}", 403, "PolicyNotAuthorized", "reader")]
    [InlineData("L192 a reader deletes a rule", "reader", "DELETE", "/v2.0/security-group-rules/{rule}", "", 403, "PolicyNotAuthorized", "reader")]
    [InlineData("L120 L485 a rule in a group that does not exist", "member", "POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '{random}', 'direction': 'ingress'}}", 404, "SecurityGroupNotFound", "Security group {random} does not exist")]
    [InlineData("L120 L38 a rule in another project's group", "member", "POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '{other_group}', 'direction': 'ingress'}}", 404, "SecurityGroupNotFound", "does not exist")]
    [InlineData("L127 L495 a remote group in another project", "member", "POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '{group}', 'direction': 'ingress', 'remote_group_id': '{other_group}'}}", 404, "SecurityGroupNotFound", "does not exist")]
    [InlineData("L186 a bulk create across two projects", "member", "POST", "/v2.0/security-group-rules", "{'security_group_rules': [{'security_group_id': '{group}', 'direction': 'ingress', 'project_id': '{project}'}, {'security_group_id': '{group}', 'direction': 'egress', 'project_id': '{other}'}]}", 400, "SecurityGroupRulesNotSingleProject", "Multiple project_ids")]
    [InlineData("L185 L496 a bulk create across two groups", "member", "POST", "/v2.0/security-group-rules", "{'security_group_rules': [{'security_group_id': '{group}', 'direction': 'ingress'}, {'security_group_id': '{default}', 'direction': 'egress', 'protocol': 'tcp', 'port_range_min': 1, 'port_range_max': 2}]}", 400, "SecurityGroupNotSingleGroupRules", "one security profile at a time")]
    // Rules: duplicates
    [InlineData("L180 L484 L496 a duplicate, by number and with another description", "member", "POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '{group}', 'direction': 'ingress', 'protocol': '6', 'port_range_min': 22, 'port_range_max': 22, 'description': 'other words'}}", 409, "SecurityGroupRuleExists", "Security group rule already exists. Rule id is {rule}.")]
    [InlineData("L181 L183 0.0.0.0/0 duplicates the egress rule every group starts with", "member", "POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '{group}', 'direction': 'egress', 'remote_ip_prefix': '0.0.0.0/0'}}", 409, "SecurityGroupRuleExists", "Security group rule already exists. Rule id is")]
    [InlineData("L182 two identical rules in one POST", "member", "POST", "/v2.0/security-group-rules", "{'security_group_rules': [{'security_group_id': '{group}', 'direction': 'ingress', 'protocol': 'udp', 'port_range_min': 53, 'port_range_max': 53}, {'security_group_id': '{group}', 'direction': 'ingress', 'protocol': '17', 'port_range_min': 53, 'port_range_max': 53}]}", 409, "DuplicateSecurityGroupRuleInPost", "duplicates")]
    // Rules: show and delete
    [InlineData("L112 L473 show a rule that does not exist", "member", "GET", "/v2.0/security-group-rules/{random}", "", 404, "SecurityGroupRuleNotFound", "Security group rule {random} does not exist")]
    [InlineData("L38 show another project's rule", "member", "GET", "/v2.0/security-group-rules/{other_rule}", "", 404, "SecurityGroupRuleNotFound", "does not exist")]
    [InlineData("L38 delete another project's rule", "member", "DELETE", "/v2.0/security-group-rules/{other_rule}", "", 404, "SecurityGroupRuleNotFound", "does not exist")]
    [InlineData("L113 delete a rule that does not exist", "member", "DELETE", "/v2.0/security-group-rules/{random}", "", 404, "SecurityGroupRuleNotFound", "does not exist")]
    [InlineData("L32 id in a rule POST", "member", "POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '{group}', 'direction': 'ingress', 'id': '{random}'}}", 400, "HTTPBadRequest", "Attribute 'id' not allowed in POST")]
    [InlineData("L126 read-only normalized_cidr in a rule POST", "member", "POST", "/v2.0/security-group-rules", "{'security_group_rule': {'security_group_id': '{group}', 'direction': 'ingress', 'normalized_cidr': '10.0.0.0/8'}}", 400, "HTTPBadRequest", "Attribute 'normalized_cidr' not allowed in POST")]
    // Ports
    [InlineData("L210 L407 a group twice on a port", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'security_groups': ['{group}', '{group}']}}", 400, "HTTPBadRequest", "Duplicate items in the list: '{group}'")]
    [InlineData("L210 L497 a group id that is not a UUID", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'security_groups': ['bad_id']}}", 400, "HTTPBadRequest", "is not a list of UUIDs")]
    [InlineData("L211 L408 a group that does not exist on a port", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'security_groups': ['{random}']}}", 404, "SecurityGroupNotFound", "Security group {random} does not exist")]
    [InlineData("L211 another project's group on a port", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'security_groups': ['{other_group}']}}", 404, "SecurityGroupNotFound", "Security group {other_group} does not exist")]
    [InlineData("L217 L415 a stateful group beside a stateless one", "member", "PUT", "/v2.0/ports/{stateless_port}", "{'port': {'security_groups': ['{stateless}', '{group}']}}", 409, "SecurityGroupConflict", "Cannot apply both stateful and stateless security groups on the same port at the same time.")]
    [InlineData("L222 L428 port security off while the port has groups", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'port_security_enabled': false}}", 409, "PortSecurityPortHasSecurityGroup", "has security group associated")]
    [InlineData("L33 update a port's read-only attribute", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'mac_address': 'fa:16:3e:00:00:01'}}", 400, "HTTPBadRequest", "Cannot update read-only attribute mac_address")]
    [InlineData("L225 allowed address pairs that are not a list", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'allowed_address_pairs': '198.19.5.5'}}", 400, "HTTPBadRequest", "Allowed address pairs must be a list.")]
    [InlineData("L226 more than 10 allowed address pairs", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'allowed_address_pairs': [{'ip_address': '198.19.203.1'}, {'ip_address': '198.19.203.2'}, {'ip_address': '198.19.203.3'}, {'ip_address': '198.19.203.4'}, {'ip_address': '198.19.203.5'}, {'ip_address': '198.19.203.6'}, {'ip_address': '198.19.203.7'}, {'ip_address': '198.19.203.8'}, {'ip_address': '198.19.203.9'}, {'ip_address': '198.19.203.10'}, {'ip_address': '198.19.203.11'}]}}", 400, "AllowedAddressPairExhausted", "The number of allowed address pair exceeds the maximum 10.")]
    [InlineData("L225 an allowed address pair without ip_address", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'allowed_address_pairs': [{'mac_address': 'fa:16:3e:00:00:01'}]}}", 400, "AllowedAddressPairsMissingIP", "AllowedAddressPair must contain ip_address")]
    [InlineData("L226 a duplicate allowed address pair", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'allowed_address_pairs': [{'ip_address': '198.19.5.5'}, {'ip_address': '198.19.5.5'}]}}", 400, "DuplicateAddressPairInRequest", "Request contains duplicate address pair: mac_address None ip_address 198.19.5.5.")]
    [InlineData("L227 an unknown key in an allowed address pair", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'allowed_address_pairs': [{'ip_address': '198.19.5.5', 'colour': 'red'}]}}", 400, "HTTPBadRequest", "Unrecognized attribute(s) 'colour'")]
    [InlineData("L225 an allowed address pair that is not an address", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'allowed_address_pairs': [{'ip_address': '198.19.5'}]}}", 400, "HTTPBadRequest", "'198.19.5' is not a valid IP address")]
    [InlineData("L225 an allowed address pair with a bad MAC", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'allowed_address_pairs': [{'ip_address': '198.19.5.5', 'mac_address': 'fa:16:3e'}]}}", 400, "HTTPBadRequest", "'fa:16:3e' is not a valid MAC address")]
    [InlineData("L227 a multicast IP in an allowed address pair", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'allowed_address_pairs': [{'ip_address': '224.0.0.5'}]}}", 400, "HTTPBadRequest", "Multicast IP 224.0.0.5")]
    [InlineData("L227 a multicast MAC in an allowed address pair", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'allowed_address_pairs': [{'ip_address': '198.19.5.5', 'mac_address': '01:00:5e:00:00:05'}]}}", 400, "HTTPBadRequest", "Multicast MAC address 01:00:5e:00:00:05")]
    [InlineData("L224 L429 allowed address pairs with port security off", "member", "PUT", "/v2.0/ports/{port}", "{'port': {'security_groups': [], 'port_security_enabled': false, 'allowed_address_pairs': [{'ip_address': '198.19.5.5'}]}}", 409, "AddressPairAndPortSecurityRequired", "Port Security must be enabled in order to have allowed address pairs on a port.")]
    [InlineData("L38 show another project's port", "member", "GET", "/v2.0/ports/{other_port}", "", 404, "PortNotFound", "Port {other_port} could not be found.")]
    [InlineData("L38 update another project's port", "member", "PUT", "/v2.0/ports/{other_port}", "{'port': {'security_groups': []}}", 404, "PortNotFound", "could not be found")]
    // Default security group rules (templates)
    [InlineData("L249 a member creates a template", "member", "POST", "/v2.0/default-security-group-rules", "{'default_security_group_rule': {'direction': 'ingress', 'protocol': 'tcp', 'port_range_min': 8, 'port_range_max': 8, 'used_in_default_sg': false, 'used_in_non_default_sg': true}}", 403, "PolicyNotAuthorized", "platform admins")]
    [InlineData("L249 a member deletes a template", "member", "DELETE", "/v2.0/default-security-group-rules/{template}", "", 403, "PolicyNotAuthorized", "platform admins")]
    [InlineData("L252 show a template that does not exist", "member", "GET", "/v2.0/default-security-group-rules/{random}", "", 404, "DefaultSecurityGroupRuleNotFound", "Default Security Group Rule {random} could not be found.")]
    [InlineData("L252 L421 delete a template that does not exist", "admin", "DELETE", "/v2.0/default-security-group-rules/{random}", "", 404, "DefaultSecurityGroupRuleNotFound", "could not be found")]
    [InlineData("L249 a template checked as a rule is", "admin", "POST", "/v2.0/default-security-group-rules", "{'default_security_group_rule': {'direction': 'ingress', 'protocol': 'bad_protocol_name', 'used_in_default_sg': false, 'used_in_non_default_sg': true}}", 400, "SecurityGroupRuleInvalidProtocol", "bad_protocol_name not supported")]
    [InlineData("L250 L422 a seeded template again", "admin", "POST", "/v2.0/default-security-group-rules", "{'default_security_group_rule': {'direction': 'egress', 'ethertype': 'IPv4', 'used_in_default_sg': true, 'used_in_non_default_sg': true}}", 409, "DefaultSecurityGroupRuleExists", "Default security group rule already exists. Rule id is")]
    [InlineData("L250 the same for default groups, different for others", "admin", "POST", "/v2.0/default-security-group-rules", "{'default_security_group_rule': {'direction': 'egress', 'ethertype': 'IPv6', 'used_in_default_sg': true, 'used_in_non_default_sg': false}}", 409, "DefaultSecurityGroupRuleExists", "Rule id is")]
    [InlineData("L251 the same for other groups, different for default ones", "admin", "POST", "/v2.0/default-security-group-rules", "{'default_security_group_rule': {'direction': 'egress', 'ethertype': 'IPv4', 'used_in_default_sg': false, 'used_in_non_default_sg': true}}", 409, "DefaultSecurityGroupRuleExists", "Rule id is")]
    [InlineData("L252 two identical templates in one POST", "admin", "POST", "/v2.0/default-security-group-rules", "{'default_security_group_rules': [{'direction': 'ingress', 'protocol': 'tcp', 'port_range_min': 9, 'port_range_max': 9, 'used_in_default_sg': false, 'used_in_non_default_sg': true}, {'direction': 'ingress', 'protocol': 'tcp', 'port_range_min': 9, 'port_range_max': 9, 'used_in_default_sg': false, 'used_in_non_default_sg': true}]}", 409, "DuplicateDefaultSgRuleInPost", "Duplicate Default Security Group Rule in POST.")]
    [InlineData("L32 id in a template POST", "admin", "POST", "/v2.0/default-security-group-rules", "{'default_security_group_rule': {'id': '{random}', 'direction': 'ingress', 'used_in_default_sg': false, 'used_in_non_default_sg': true}}", 400, "HTTPBadRequest", "Attribute 'id' not allowed in POST")]
    // Quotas
    [InlineData("L30 L201 a member sets a quota", "member", "PUT", "/v2.0/quotas/{project}", "{'quota': {'security_group': 100}}", 403, "PolicyNotAuthorized", "platform admins")]
    [InlineData("L202 L412 quota -2", "admin", "PUT", "/v2.0/quotas/{project}", "{'quota': {'security_group': -2}}", 400, "HTTPBadRequest", "Invalid input for security_group")]
    [InlineData("L202 L412 quota 2147483648", "admin", "PUT", "/v2.0/quotas/{project}", "{'quota': {'security_group_rule': 2147483648}}", 400, "HTTPBadRequest", "Invalid input for security_group_rule")]
    [InlineData("L202 L412 quota 'value'", "admin", "PUT", "/v2.0/quotas/{project}", "{'quota': {'security_group': 'value'}}", 400, "HTTPBadRequest", "Invalid input for security_group")]
    [InlineData("Q1 a quota for a resource neutron does not have", "admin", "PUT", "/v2.0/quotas/{project}", "{'quota': {'floatingips': 5}}", 400, "HTTPBadRequest", "Unrecognized attribute(s) 'floatingips'")]
    [InlineData("Q2 a member lists quotas", "member", "GET", "/v2.0/quotas", "", 403, "PolicyNotAuthorized", "platform admins")]
    [InlineData("Q3 a member resets a quota", "member", "DELETE", "/v2.0/quotas/{project}", "", 403, "PolicyNotAuthorized", "platform admins")]
    [InlineData("Q4 reset a project without quotas of its own", "admin", "DELETE", "/v2.0/quotas/{project}", "", 404, "TenantQuotaNotFound", "Quota for tenant {project} could not be found.")]
    // Lists
    [InlineData("L48 an unknown filter", "member", "GET", "/v2.0/security-group-rules?colour=red", "", 400, "HTTPBadRequest", "[colour] is invalid attribute for filtering")]
    [InlineData("L48 an unknown port filter", "member", "GET", "/v2.0/ports?colour=red", "", 400, "HTTPBadRequest", "[colour] is invalid attribute for filtering")]
    [InlineData("L50 a sort_key without its sort_dir", "member", "GET", "/v2.0/security-groups?sort_key=name", "", 400, "HTTPBadRequest", "The number of sort_keys and sort_dirs must be same")]
    [InlineData("L50 a sort_dir that is neither asc nor desc", "member", "GET", "/v2.0/security-groups?sort_key=name&sort_dir=sideways", "", 400, "HTTPBadRequest", "sideways is invalid value for sort_dirs")]
    [InlineData("L51 a sort key that is not one", "member", "GET", "/v2.0/security-group-rules?sort_key=description&sort_dir=asc", "", 400, "HTTPBadRequest", "description is invalid attribute for sort_keys")]
    [InlineData("L51 a limit that is not an integer", "member", "GET", "/v2.0/security-groups?limit=ten", "", 400, "HTTPBadRequest", "Limit must be an integer 0 or greater and not 'ten'")]
    public async Task Each_refusal_has_neutrons_status_type_and_message_and_changes_nothing(string why, string caller, string method, string path, string body, int status, string type, string message)
    {
        var ids = await ArrangeAsync();
        string Fill(string text) => ids.Aggregate(text, (t, id) => t.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));
        using var client = await ClientAsync(caller, ids["project"]);
        var before = await server.RevisionAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path))
        {
            Content = body.Length == 0 ? null : new StringContent(Fill(body.Replace('\'', '"')), Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == status, $"{why}: expected {status}, got {(int)response.StatusCode} {text}");
        var error = JsonNode.Parse(text)!["NeutronError"]!;
        Assert.Equal(type, (string)error["type"]!);
        Assert.Contains(Fill(message), (string)error["message"]!);
        Assert.Equal(before, await server.RevisionAsync());
    }

    /// <summary>tempest/neutron-tempest-plugin create an IPv4 rule with every IPv6-only protocol, by name and number (research L148, L411).</summary>
    [Theory]
    [InlineData("ipv6-encap")]
    [InlineData("ipv6-frag")]
    [InlineData("ipv6-icmp")]
    [InlineData("icmpv6")]
    [InlineData("ipv6-nonxt")]
    [InlineData("ipv6-opts")]
    [InlineData("ipv6-route")]
    [InlineData("41")]
    [InlineData("44")]
    [InlineData("58")]
    [InlineData("59")]
    [InlineData("60")]
    [InlineData("43")]
    public async Task An_ipv6_only_protocol_in_an_ipv4_rule_is_refused(string protocol)
    {
        var project = await server.NewProjectAsync();
        using var member = await ClientAsync("member", project.Id);
        var before = await server.RevisionAsync();

        using var response = await member.PostAsJsonAsync("/v2.0/security-group-rules", new { security_group_rule = new { security_group_id = project.DefaultGroupId, direction = "ingress", ethertype = "IPv4", protocol } });
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("SecurityGroupEthertypeConflictWithProtocol", (string)error["type"]!);
        Assert.Equal($"Invalid ethertype IPv4 for protocol {protocol}.", (string)error["message"]!);
        Assert.Equal(before, await server.RevisionAsync());
    }

    /// <summary>Makes what the rows name: own groups, a rule, a bound port, and another project's group, rule and port.</summary>
    private async Task<Dictionary<string, string>> ArrangeAsync()
    {
        var own = await server.NewProjectAsync();
        var other = await server.NewProjectAsync();
        var group = await server.PostAsync("/api/v1/security-groups", new { project_id = own.Id, name = "errors" });
        var rule = await server.PostAsync($"/api/v1/security-groups/{group["id"]}/rules", new { direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22 });
        var peer = await server.PostAsync("/api/v1/security-groups", new { project_id = own.Id, name = "peer" });
        await server.PostAsync($"/api/v1/security-groups/{group["id"]}/rules", new { direction = "ingress", remote_group_id = (string)peer["id"]! });
        var bound = await server.PostAsync("/api/v1/security-groups", new { project_id = own.Id, name = "bound" });
        var port = await server.PostAsync("/api/v1/ports", new { project_id = own.Id, network_id = own.NetworkId, security_groups = new[] { (string)bound["id"]! } });
        var stateless = await server.PostAsync("/api/v1/security-groups", new { project_id = own.Id, name = "stateless", stateful = false });
        var statelessPort = await server.PostAsync("/api/v1/ports", new { project_id = own.Id, network_id = own.NetworkId, security_groups = new[] { (string)stateless["id"]! } });
        var otherRules = await server.GetAsync($"/api/v1/security-groups/{other.DefaultGroupId}/rules");
        var otherPort = await server.PostAsync("/api/v1/ports", new { project_id = other.Id, network_id = other.NetworkId });
        using var admin = await ClientAsync("admin", own.Id);
        var templates = JsonNode.Parse(await admin.GetStringAsync("/v2.0/default-security-group-rules?fields=id"))!["default_security_group_rules"]!;
        return new()
        {
            ["project"] = own.Id,
            ["default"] = own.DefaultGroupId,
            ["group"] = (string)group["id"]!,
            ["rule"] = (string)rule[0]!["id"]!,
            ["bound"] = (string)bound["id"]!,
            ["peer"] = (string)peer["id"]!,
            ["port"] = (string)port["id"]!,
            ["stateless"] = (string)stateless["id"]!,
            ["stateless_port"] = (string)statelessPort["id"]!,
            ["other_group"] = other.DefaultGroupId,
            ["other_rule"] = (string)otherRules[0]!["id"]!,
            ["other_port"] = (string)otherPort["id"]!,
            ["other"] = other.Id,
            ["template"] = (string)templates[0]!["id"]!,
            ["random"] = Guid.NewGuid().ToString(),
            ["long"] = new string('x', 256),
        };
    }

    /// <summary>A Neutron client (X-Auth-Token) as the platform admin, or as a new principal with the role <paramref name="caller"/> in <paramref name="project"/>.</summary>
    private async Task<HttpClient> ClientAsync(string caller, string project)
    {
        var token = ServerFixture.AdminToken;
        if (caller != "admin")
        {
            using var native = await server.ClientForAsync(project, caller);
            token = native.DefaultRequestHeaders.Authorization!.Parameter!;
        }

        var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        return client;
    }
}
