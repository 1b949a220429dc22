using System.Text.Json;
using Palisade.Core.Model;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Operations;

/// <summary>
/// Whose defaults a project's <c>default</c> group follows (a project's <c>default_rules</c>,
/// docs/compatibility/platform-defaults.md):
/// <list type="bullet">
/// <item><c>neutron</c>: the default rule templates (<see cref="DefaultRuleTemplates"/>; unless an
/// admin changed them, egress everywhere and ingress from the group's own members), as
/// neutron/db/securitygroups_db.py's _ensure_default_security_group makes them.</item>
/// <item><c>cloudstack</c>: no rules shown; ingress denied; all egress allowed until the group's first
/// egress rule (apache/cloudstack's SecurityGroupManagerImpl makes an account's default group
/// without rules, and a group's egress is open while it has no egress rule), held as hidden rules listed under
/// <see cref="Kinds.CsImplicitEgress"/> exactly like a group made by createSecurityGroup.</item>
/// <item><c>cloudfoundry</c>: no rules at all. A Cloud Foundry space has no default group of its
/// own: what its apps may reach comes from the running and staging ASGs bound to the space or to
/// every space, so the project's default group allows nothing.</item>
/// </list>
/// </summary>
internal static class PlatformDefaults
{
    public const string Neutron = "neutron";
    public const string CloudStack = "cloudstack";
    public const string CloudFoundry = "cloudfoundry";

    public static readonly IReadOnlyList<string> All = [Neutron, CloudStack, CloudFoundry];

    /// <summary>A project's default group, new, stored with its rules (and CloudStack's hidden egress).</summary>
    public static async Task<GroupDocument> CreateDefaultGroupAsync(IStoreSession session, string projectId, string defaults, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString();
        var group = new GroupDocument(id, projectId, SecurityGroup.DefaultName, "Default security group", "enabled", true, await RulesAsync(session, id, defaults, cancellationToken), session.Revision);
        await session.PutGroupWithRulesAsync(group, cancellationToken);
        await MarkImplicitEgressAsync(session, group, defaults, cancellationToken);
        return group;
    }

    /// <summary>
    /// Lays a project's default group anew for <paramref name="defaults"/>: its rules become that
    /// platform's defaults (the rules it had are removed), as if the project had been made so.
    /// </summary>
    public static async Task ResetDefaultGroupAsync(IStoreSession session, string projectId, string defaults, CancellationToken cancellationToken)
    {
        var groups = await session.AllGroupRowsAsync(projectId, cancellationToken);
        if (groups.FirstOrDefault(g => g.Name == SecurityGroup.DefaultName) is not { } row)
        {
            await CreateDefaultGroupAsync(session, projectId, defaults, cancellationToken);
            return;
        }

        var group = SecurityGroupRows.ToDocument(row, []) with { RevisionNumber = session.Revision };
        group = group with { Rules = await RulesAsync(session, group.Id, defaults, cancellationToken) };
        await session.PutGroupWithRulesAsync(group, cancellationToken);
        await session.DeleteAsync(Kinds.CsImplicitEgress, group.Id, cancellationToken);
        await MarkImplicitEgressAsync(session, group, defaults, cancellationToken);
    }

    private static async Task<List<RuleDocument>> RulesAsync(IStoreSession session, string groupId, string defaults, CancellationToken cancellationToken) => defaults switch
    {
        CloudStack => [Egress(session, groupId, "IPv4"), Egress(session, groupId, "IPv6")],
        CloudFoundry => [],
        _ => await DefaultRuleTemplates.RulesForAsync(session, groupId, defaultGroup: true, cancellationToken),
    };

    private static RuleDocument Egress(IStoreSession session, string groupId, string ethertype) =>
        new(Guid.NewGuid().ToString(), groupId, "egress", ethertype, null, null, null, null, null, null, "", false, session.Revision);

    private static async Task MarkImplicitEgressAsync(IStoreSession session, GroupDocument group, string defaults, CancellationToken cancellationToken)
    {
        if (defaults == CloudStack)
        {
            await session.PutAsync(Kinds.CsImplicitEgress, group.Id, group.ProjectId, JsonSerializer.Serialize(group.Rules.Select(r => r.Id).ToList()), cancellationToken);
        }
    }
}
