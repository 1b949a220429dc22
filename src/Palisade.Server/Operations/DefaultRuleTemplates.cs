using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Operations;

/// <summary>
/// The rules new groups start with (design.md §1, Neutron's legacy defaults): egress everywhere for
/// every new group, plus ingress from the group's own members for a project's default group. Seeded
/// once into the store, where admins may change them; deleting them all leaves groups empty.
/// </summary>
internal static class DefaultRuleTemplates
{
    public const string Parent = "PARENT";

    /// <summary>Seeds once: a store that has been seeded is only read here, so a restart does not write the templates again.</summary>
    public static async Task SeedAsync(IPalisadeStore store, CancellationToken cancellationToken)
    {
        if (await store.ReadAsync(s => s.GetAsync(Kinds.DefaultRuleTemplatesSeeded, "seeded", cancellationToken), cancellationToken) is not null)
        {
            return;
        }

        await store.WriteAsync(async session =>
        {
            if (await session.GetAsync(Kinds.DefaultRuleTemplatesSeeded, "seeded", cancellationToken) is not null)
            {
                return false;
            }

            DefaultRuleTemplateDocument Template(string direction, string ethertype, string? remote, bool nonDefault) =>
                new(Guid.NewGuid().ToString(), direction, ethertype, null, null, null, null, remote, "", UsedInDefaultSg: true, UsedInNonDefaultSg: nonDefault);
            foreach (var template in new[] { Template("egress", "IPv4", null, true), Template("egress", "IPv6", null, true), Template("ingress", "IPv4", Parent, false), Template("ingress", "IPv6", Parent, false) })
            {
                await session.PutAsync(Kinds.DefaultRuleTemplate, template.Id, null, template, cancellationToken);
            }

            await session.PutAsync(Kinds.DefaultRuleTemplatesSeeded, "seeded", null, "true", cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>The rules a new group gets, with <c>PARENT</c> made the group's own id.</summary>
    public static async Task<List<RuleDocument>> RulesForAsync(IStoreSession session, string groupId, bool defaultGroup, CancellationToken cancellationToken)
    {
        var templates = await session.ListAsync<DefaultRuleTemplateDocument>(Kinds.DefaultRuleTemplate, null, cancellationToken);
        return [.. templates
            .Where(t => defaultGroup ? t.UsedInDefaultSg : t.UsedInNonDefaultSg)
            .Select(t => new RuleDocument(Guid.NewGuid().ToString(), groupId, t.Direction, t.Ethertype, t.Protocol, t.PortRangeMin, t.PortRangeMax,
                t.RemoteIpPrefix, null, t.RemoteGroupId == Parent ? groupId : t.RemoteGroupId, "", false, session.Revision, RemoteAddressGroupId: t.RemoteAddressGroupId))];
    }
}
