namespace Palisade.Server.Documents;

/// <summary>The resource kinds as the store names them.</summary>
internal static class Kinds
{
    public const string Project = "project";
    public const string Group = "security_group";
    public const string AddressGroup = "address_group";
    public const string Network = "network";
    public const string Subnet = "subnet";
    public const string Port = "port";
    public const string AdminToken = "admin_token";
    public const string Binding = "binding";
    public const string PlatformPolicy = "platform_policy";
    public const string AuditEvent = "audit_event";
    public const string Principal = "principal";
    public const string Token = "token";
    public const string TokenByHash = "token_hash";
    public const string RoleBinding = "role_binding";
    public const string Quota = "quota";
    public const string HostStatus = "host_status";
    public const string CfJob = "cf_job";
    public const string ApiKey = "api_key";
    public const string CsJob = "cs_job";
    public const string CsImplicitEgress = "cs_implicit_egress";
    public const string Tags = "tags";
    public const string DefaultRuleTemplate = "default_rule_template";
    public const string DefaultRuleTemplatesSeeded = "default_rule_templates_seeded";
}
