using Palisade.Cli.Infrastructure;
using Palisade.Cli.Models;

namespace Palisade.Cli.Commands;

/// <summary>Names for the group ids a table shows, fetched once per table; an id the caller cannot see stays an id.</summary>
internal static class GroupNames
{
    public static async Task<Func<string, string>> ForRulesAsync(CommandSession session, SecurityGroup? owner, IEnumerable<Rule> rules, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>();
        if (owner is not null)
        {
            names[owner.Id] = owner.Name;
        }

        var api = await session.ConnectAsync(cancellationToken);
        foreach (var id in rules.Select(r => r.RemoteGroupId).OfType<string>().Distinct().Where(id => !names.ContainsKey(id)))
        {
            try
            {
                names[id] = (await api.GetAsync<SecurityGroup>($"/api/v1/security-groups/{Uri.EscapeDataString(id)}", cancellationToken)).Name;
            }
            catch (ServerRefusedException)
            {
                // Not visible to this token: show the id.
            }
        }

        return id => names.GetValueOrDefault(id, id);
    }

    public static async Task<Func<string, string>> ForProjectAsync(CommandSession session, string? projectId, CancellationToken cancellationToken)
    {
        var api = await session.ConnectAsync(cancellationToken);
        var path = projectId is null ? "/api/v1/security-groups" : $"/api/v1/security-groups?project_id={Uri.EscapeDataString(projectId)}";
        var names = (await api.ListAsync<SecurityGroup>(path, cancellationToken)).ToDictionary(g => g.Id, g => g.Name);
        return id => names.GetValueOrDefault(id, id);
    }
}
